// Which page this is: the `trusted-types` group of web-test-runner.config.mjs serves test/elements/** a second time
// with `Content-Security-Policy: require-trusted-types-for 'script'; trusted-types lit-html`. This suite proves the
// policy is really in force there (and only there), so the other suites passing in that group means something.
import { expect } from '@open-wc/testing';

const enforced = document.querySelector('meta[name="bc-trusted-types-group"]') !== null;

describe(`Trusted Types (${enforced ? 'enforced' : 'not enforced'} on this page)`, () => {
  it(
    enforced
      ? "refuses a string in an HTML sink, and any policy but Lit's"
      : 'accepts strings in HTML sinks (the default group)',
    () => {
      const div = document.createElement('div');
      if (enforced) {
        expect(() => (div.innerHTML = '<b>x</b>')).to.throw(TypeError);
        expect(() => div.insertAdjacentHTML('beforeend', '<b>x</b>')).to.throw(TypeError);
        expect(() => trustedTypes.createPolicy('default', { createHTML: (s: string) => s })).to.throw();
        expect(() => trustedTypes.createPolicy('escape-hatch', { createHTML: (s: string) => s })).to.throw();
        expect(div.childNodes.length).to.equal(0);
      } else {
        div.innerHTML = '<b>x</b>';
        expect(div.firstElementChild!.localName).to.equal('b');
      }
    },
  );
});

declare const trustedTypes: { createPolicy(name: string, rules: { createHTML?: (s: string) => string }): unknown };
