/**
 * The storefront bridge page: a small raw HTML page served on the storefront's origin (installed through the Pages
 * API by `bc-customer-elements bridge install`, or pasted into a Stencil custom template from `bridge print`). A page
 * of another origin loads it in a hidden iframe and asks, by postMessage, who is signed in; the page fetches
 * `/customer/current.jwt` same-origin and answers only its parent, only at an exact allowed origin. The protocol is
 * src/bridge/protocol.ts; docs/bridge.md has the threat model.
 */
import {
  BRIDGE_ANSWER_TYPE,
  BRIDGE_ASK_TYPE,
  BRIDGE_NONCE_PATTERN,
  BRIDGE_PROTOCOL_VERSION,
  exactOrigin,
} from './protocol.js';

/** What the page bakes in. Neither is secret: the client id is public, the origins are the pages it answers. */
export interface BridgePageOptions {
  /** The app's client id, sent as `app_client_id` to current.jwt. */
  appClientId: string;
  /** Exact origins (`https://www.example.com`) of the pages the bridge answers; none: it answers nobody. */
  allowedOrigins: readonly string[];
}

/** Client ids are BigCommerce-made identifiers; anything else is a configuration mistake. */
const CLIENT_ID_PATTERN = /^[A-Za-z0-9._-]{1,200}$/;

/**
 * JSON that is also safe inside an inline `<script>`: `<`, `>` and `&` as escapes so no value can close the script
 * or open a comment, and U+2028/U+2029, which older engines reject in string literals.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * The script, as plain ES5-era JavaScript so every browser that can frame it runs it. It repeats the ask check of
 * `parseBridgeAsk` (protocol.ts) because an inline script cannot import a module; keep the two in step.
 * Rules (SECURITY.md class H): only `window.parent`, only an exact allowed origin, only a well-formed ask; the answer
 * is posted to that origin, never '*'; the token goes nowhere else (no storage, URL or console).
 * Storage access: a frame without it asks for it only on the shopper's click (the button), except when the shopper
 * already granted it to the storefront on this site (permission `storage-access` is `granted`, e.g. through another
 * bridge frame): then `requestStorageAccess()` resolves without a gesture and the frame looks again.
 */
function script(origins: string, clientId: string): string {
  const nonce = BRIDGE_NONCE_PATTERN.source;
  return `(function(){"use strict";
var O=${origins},C=${clientId},N=/${nonce}/,T=/^[\\w-]+\\.[\\w-]+\\.[\\w-]+$/,P=window.parent,d=document,b=d.getElementById("b"),last;
if(P===window){d.getElementById("t").hidden=false;return}
function access(){return d.hasStorageAccess?d.hasStorageAccess().catch(function(){return false}):Promise.resolve(true)}
function granted(){var n=window.navigator;return n&&n.permissions&&d.requestStorageAccess?n.permissions.query({name:"storage-access"}).then(function(p){return p.state==="granted"&&d.requestStorageAccess().then(function(){return true})}).catch(function(){return false}):Promise.resolve(false)}
function look(again){return fetch("/customer/current.jwt?app_client_id="+encodeURIComponent(C),{credentials:"include",cache:"no-store"}).then(function(r){
if(r.status===404)return access().then(function(a){return a||again?{status:"guest",storageAccess:a}:granted().then(function(g){return g?look(1):{status:"guest",storageAccess:false}})});
if(r.status!==200)throw 0;
return r.text().then(function(t){if(t.charAt(0)==="{")t=JSON.parse(t).token;if(typeof t!=="string"||!T.test(t))throw 0;return{status:"signed-in",token:t}})
}).catch(function(){return{status:"unavailable"}})}
function answer(ask){look().then(function(a){
b.hidden=!(a.status==="guest"&&!a.storageAccess&&d.requestStorageAccess);
a.type="${BRIDGE_ANSWER_TYPE}";a.version=${BRIDGE_PROTOCOL_VERSION};a.nonce=ask.nonce;P.postMessage(a,ask.origin)})}
addEventListener("message",function(e){var m=e.data;
if(e.source!==P||O.indexOf(e.origin)<0||!m||m.type!=="${BRIDGE_ASK_TYPE}"||m.version!==${BRIDGE_PROTOCOL_VERSION}||typeof m.nonce!=="string"||!N.test(m.nonce))return;
last={origin:e.origin,nonce:m.nonce};answer(last)});
b.onclick=function(){d.requestStorageAccess().then(null,function(){}).then(function(){if(last)answer(last)})}
})();`;
}

/**
 * The bridge page's complete HTML. Throws a `TypeError` for a client id that is not an identifier or an allowed origin
 * that is not exactly an http(s) origin (`https://www.example.com`, no path or trailing slash): the page compares
 * origins as strings, so a near miss would silently answer nobody.
 */
export function bridgePageHtml({ appClientId, allowedOrigins }: BridgePageOptions): string {
  if (typeof appClientId !== 'string' || !CLIENT_ID_PATTERN.test(appClientId))
    throw new TypeError('appClientId must be the app\u2019s client id (letters, digits, ".", "_" or "-")');
  if (!Array.isArray(allowedOrigins)) throw new TypeError('allowedOrigins must be an array of origins');
  const origins = allowedOrigins.map((origin: unknown) => {
    const exact = exactOrigin(origin);
    if (exact === undefined)
      throw new TypeError(
        `allowedOrigins: ${JSON.stringify(origin)} is not an exact origin such as https://www.example.com`,
      );
    return exact;
  });
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<title>Storefront bridge</title>
<style>body{margin:0;font:16px/1.4 system-ui,sans-serif}p{margin:1rem}button{font:inherit;margin:.5rem;padding:.5rem 1rem}</style>
</head>
<body>
<p id="t" hidden>This page tells the store\u2019s other web pages whether you are signed in. It has nothing to show on its own.</p>
<button id="b" type="button" hidden>Continue signed in</button>
<script>${script(jsonForScript([...new Set(origins)]), jsonForScript(appClientId))}</script>
</body>
</html>
`;
}
