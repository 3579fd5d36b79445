/**
 * Forwards a session's changes to `document` as one `bc-customer-change` (and, on failure, one `bc-error`) per
 * change, however many elements show the customer and however many copies of this library the page loaded.
 */
import { BcCustomerChangeEvent, BcErrorEvent } from './events.js';
import type { Session } from './session.js';

const BRIDGED = Symbol.for('bc-customer-elements.document-bridge');

/** Starts forwarding `session`'s changes to `doc`; calling it again for the same pair does nothing. */
export function bridgeToDocument(session: Session, doc: Document = document): void {
  const scope = doc as Document & { [BRIDGED]?: WeakSet<Session> };
  const bridged = (scope[BRIDGED] ??= new WeakSet());
  if (bridged.has(session)) return;
  bridged.add(session);
  session.subscribe((state) => {
    doc.dispatchEvent(new BcCustomerChangeEvent(state));
    const { error } = session;
    if (state.status === 'error' && error) {
      doc.dispatchEvent(new BcErrorEvent({ code: error.code, message: error.message, cause: error }));
    }
  });
}
