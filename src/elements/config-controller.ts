/**
 * Where every element gets its settings: the element's own attribute or property, else the nearest enclosing
 * `<bc-store>`, else the first `<bc-store>` of the document, else a default (the rules are `resolveConfig`'s), and
 * the words of its language (`messagesFor`). Resolved when first asked after a change, and once per change however
 * often it is asked: a change is the host connecting, one of its own settings changing, or a notice that the page's
 * configuration changed (a store connected, disconnected or changed a setting, a `lang` changed, a language was
 * registered) that came after the last resolution.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { configVersion, observeConfig, resolveConfig, type Setting, type StoreConfig } from '../client/config.js';
import { messagesFor, type BcMessages } from '../client/localize.js';
import { settingsKey } from './store-settings.js';

/** An element's resolved configuration and the words the page gave for its language (the rest: its English). */
export interface ElementConfig extends StoreConfig {
  readonly messages: Readonly<Partial<BcMessages>>;
}

/** A host declares the settings as properties (it extends `StoreSettingsElement`). */
export type ConfigHost = ReactiveControllerHost & HTMLElement & { readonly [K in Setting]?: unknown };

export class ConfigController implements ReactiveController {
  private readonly _host: ConfigHost;
  private readonly _onChange: ((config: ElementConfig) => void) | undefined;
  private _value: ElementConfig | null = null;
  /** The document's configuration count and the host's own settings at the last resolution. */
  private _version = -1;
  private _own = '';
  private _unobserve: (() => void) | null = null;

  /**
   * `onChange` runs when a notice changed the configuration (at once, not at the host's next update; the host is
   * asked to update too). A change of the host's own settings is seen by whoever asks for `value` in that update.
   */
  constructor(host: ConfigHost, onChange?: (config: ElementConfig) => void) {
    this._host = host;
    this._onChange = onChange;
    host.addController(this);
  }

  /** The host's configuration, the same object as long as nothing in it changed. */
  get value(): ElementConfig {
    const previous = this._value;
    if (previous !== null && !this._stale()) return previous;
    const config = resolveConfig(this._host);
    this._version = configVersion(this._host.ownerDocument);
    this._own = settingsKey(this._host);
    const messages = messagesFor(config.lang);
    if (previous && messages === previous.messages && sameConfig(config, previous)) return previous;
    return (this._value = { ...config, messages });
  }

  /** Resolves again at the next ask, whatever changed (settings a framework may have set without a notice). */
  invalidate(): void {
    this._version = -1;
  }

  hostConnected(): void {
    this._version = -1; // moved in the page: its stores and lang may be others
    this._unobserve = observeConfig(() => this._onNotice(), this._host.ownerDocument);
  }

  hostDisconnected(): void {
    this._unobserve?.();
    this._unobserve = null;
  }

  private _onNotice(): void {
    // Not resolved yet (the host has not updated since connecting): it will be, at the latest state, when asked.
    if (this._value === null || !this._stale()) return;
    const previous = this._value;
    const next = this.value;
    if (next === previous) return;
    this._host.requestUpdate();
    this._onChange?.(next);
  }

  private _stale(): boolean {
    return this._version !== configVersion(this._host.ownerDocument) || this._own !== settingsKey(this._host);
  }
}

function sameConfig(a: StoreConfig, b: StoreConfig): boolean {
  return (Object.keys(a) as (keyof StoreConfig)[]).every((key) => a[key] === b[key]);
}
