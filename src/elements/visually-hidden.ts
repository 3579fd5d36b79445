import { css } from 'lit';

/** `.visually-hidden`: text for screen readers only (announcements, "was … now …"), kept out of the layout. */
export const visuallyHidden = css`
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
`;
