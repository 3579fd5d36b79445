/**
 * Connects an element to the page's session: follows the shared session its configuration names (another one when
 * the configuration changes, see `ConfigController`), re-renders the host and reports missing configuration.
 */
import type { ReactiveController } from 'lit';
import { configError, type StoreConfig } from '../client/config.js';
import { bridgeToDocument } from '../client/document-bridge.js';
import { BcCustomerChangeEvent, BcErrorEvent } from '../client/events.js';
import type { BcErrorCode } from '../errors.js';
import { getSession, type Session, type SessionState } from '../client/session.js';
import { ConfigController, type ConfigHost, type ElementConfig } from './config-controller.js';

const LOADING: SessionState = Object.freeze({ status: 'loading', customer: null });
const ERROR: SessionState = Object.freeze({ status: 'error', customer: null });
const REPORTED = Symbol.for('bc-customer-elements.missing-config-reported');

export interface CustomerControllerOptions {
  /** Dispatch `bc-customer-change` on the host for each change (default true). */
  events?: boolean;
  /** Called after each change of the host's state (a new customer, a new session after reconfiguration). */
  onChange?: (state: SessionState, previous: SessionState) => void;
}

export class CustomerController implements ReactiveController {
  /** The configuration the session was chosen by, or `null` before the host connects. */
  config: StoreConfig | null = null;
  /** The session the host follows, or `null` while the page has no usable configuration. */
  session: Session | null = null;
  /** What the host shows. */
  state: SessionState = LOADING;

  /** The host's settings (a host may read its other settings from it too). */
  readonly settings: ConfigController;
  private readonly _host: ConfigHost;
  private readonly _options: CustomerControllerOptions;
  private _unsubscribe: (() => void) | null = null;
  private _connected = false;
  private _reportedCode: BcErrorCode | null = null;
  private _waitingForDocument = false;
  /** Look at the configuration again at the host's next update (it was missing as the host connected). */
  private _recheck = false;
  /**
   * What the host raises from connecting until its next update, in order. Whoever connects an element often adds
   * its listeners just after, in the same task (`@lit/react` in a layout effect, plain `append` then
   * `addEventListener`): an element that already knows something as it connects (the session another element
   * resolved, a missing configuration) would tell it to nobody. Only the events wait: the state changes at once.
   */
  private _held: (() => void)[] | null = null;

  constructor(host: ConfigHost, options: CustomerControllerOptions = {}) {
    this._host = host;
    this._options = options;
    this.settings = new ConfigController(host, () => this._configure(false));
    host.addController(this);
  }

  hostConnected(): void {
    this._held ??= [];
    this._connected = true;
    this._configure(true);
    this._host.requestUpdate();
  }

  hostDisconnected(): void {
    this._connected = false;
    this._follow(null);
  }

  hostUpdate(): void {
    if (this._recheck) {
      this._recheck = false;
      this.reconfigure();
    } else if (this._connected && this.settings.value !== this.config) {
      // One of the host's own settings changed: the configuration is another object.
      this._configure(false);
    }
  }

  hostUpdated(): void {
    // Dispatched even when the host was removed meanwhile: the state those events report was real. A job a
    // listener queues still runs after the ones before it.
    const held = this._held;
    if (!held) return;
    for (let job; (job = held.shift());) job();
    this._held = null;
  }

  /** Resolves the configuration again, whatever changed, and follows the session it names. */
  reconfigure(): void {
    this.settings.invalidate();
    this._configure(false);
  }

  private _configure(atConnect: boolean): void {
    if (!this._connected) return;
    const config: ElementConfig = this.settings.value;
    const configChanged = config !== this.config;
    this.config = config;
    if (!config.appClientId) {
      this._follow(null);
      const doc = this._host.ownerDocument;
      // A classic script in <head> upgrades elements before a <bc-store> in the footer is parsed: wait for it.
      if (doc.readyState === 'loading') {
        if (!this._waitingForDocument) {
          this._waitingForDocument = true;
          doc.addEventListener(
            'DOMContentLoaded',
            () => {
              this._waitingForDocument = false;
              this.reconfigure();
            },
            { once: true },
          );
        }
        this._show(LOADING);
      } else if (atConnect) {
        // A framework may set the settings as properties right after connecting (the React 18 wrappers set a
        // <bc-store>'s in a layout effect, after its children connected): look again at the host's update.
        this._recheck = true;
      } else {
        this._report(
          'ERR_BC_CONFIG_MISSING',
          'bc-customer-elements: no app client id. Add <bc-store app-client-id="…"> to the page, or set ' +
            'app-client-id on the element.',
          true,
        );
        this._show(ERROR);
      }
      return;
    }
    const untrusted = configError(config, ['storefront']);
    if (untrusted) {
      this._follow(null);
      this._report(untrusted.code, untrusted.message, false, untrusted);
      this._show(ERROR);
      return;
    }
    let session: Session;
    try {
      session = getSession(config);
    } catch (cause) {
      this._follow(null);
      this._report('ERR_BC_CONFIG_INVALID', `bc-customer-elements: ${(cause as Error).message}`, false, cause);
      this._show(ERROR);
      return;
    }
    this._reportedCode = null;
    if (session !== this.session) {
      this._follow(session);
      this._show(session.state);
    }
    if (configChanged) this._host.requestUpdate(); // other settings (currency, endpoint) may have changed
  }

  private _follow(session: Session | null): void {
    this._unsubscribe?.();
    this._unsubscribe = null;
    this.session = session;
    if (!session) return;
    bridgeToDocument(session, this._host.ownerDocument);
    this._unsubscribe = session.subscribe((state) => this._show(state));
  }

  private _show(state: SessionState): void {
    const previous = this.state;
    if (
      previous.status === state.status &&
      previous.customer?.id === state.customer?.id &&
      previous.customer?.email === state.customer?.email &&
      previous.customer?.groupId === state.customer?.groupId
    ) {
      return;
    }
    this.state = state;
    this._host.requestUpdate();
    this._options.onChange?.(state, previous);
    // Not bubbling: the document hears each change once from the session itself, not once per element.
    if (this._options.events !== false) {
      this._emit(new BcCustomerChangeEvent(state, { bubbles: false, composed: false }));
    }
  }

  private _report(code: BcErrorCode, message: string, oncePerPage: boolean, cause?: unknown): void {
    if (this._reportedCode === code) return;
    this._reportedCode = code;
    const scope = globalThis as { [REPORTED]?: boolean };
    if (!oncePerPage || !scope[REPORTED]) {
      if (oncePerPage) scope[REPORTED] = true;
      console.error(message);
    }
    this._emit(new BcErrorEvent({ code, message, cause }));
  }

  private _emit(event: Event): void {
    if (this._held) this._held.push(() => this._host.dispatchEvent(event));
    else this._host.dispatchEvent(event);
  }
}
