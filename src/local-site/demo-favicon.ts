/**
 * Demo only: the demo's icon, a 16×16 blue diamond (the page header's ◆) as a real `.ico` (one 32-bit BMP image), so
 * the browser's own request for `/favicon.ico` (it asks for it on the emulator's storefront pages, which link none)
 * is answered instead of logging a 404 on every page load.
 */
const SIZE = 16;
const COLOR = [0xbf, 0x5f, 0x1f, 0xff]; // #1f5fbf, the demo's accent, as BGRA

function icon(): Uint8Array {
  const pixels = SIZE * SIZE * 4;
  const mask = SIZE * 4; // 1 bit per pixel, rows padded to 4 bytes; all 0: the alpha channel decides
  const image = 40 + pixels + mask;
  const bytes = new Uint8Array(6 + 16 + image);
  const view = new DataView(bytes.buffer);
  view.setUint16(2, 1, true); // type: icon
  view.setUint16(4, 1, true); // one image
  bytes[6] = SIZE;
  bytes[7] = SIZE;
  view.setUint16(10, 1, true); // planes
  view.setUint16(12, 32, true); // bits per pixel
  view.setUint32(14, image, true);
  view.setUint32(18, 22, true); // offset of the image
  view.setUint32(22, 40, true); // BITMAPINFOHEADER
  view.setInt32(26, SIZE, true);
  view.setInt32(30, SIZE * 2, true); // colour rows and mask rows
  view.setUint16(34, 1, true);
  view.setUint16(36, 32, true);
  const half = (SIZE - 1) / 2;
  for (let y = 0; y < SIZE; y += 1) {
    for (let x = 0; x < SIZE; x += 1) {
      if (Math.abs(x - half) + Math.abs(y - half) > half + 0.5) continue;
      bytes.set(COLOR, 62 + (y * SIZE + x) * 4); // rows bottom-up; the diamond is symmetric
    }
  }
  return bytes;
}

const ICON = icon();

/** Answers `GET /favicon.ico`; `null` for any other path. */
export async function favicon(request: Request): Promise<Response | null> {
  if (new URL(request.url).pathname !== '/favicon.ico' || (request.method !== 'GET' && request.method !== 'HEAD'))
    return null;
  return new Response(request.method === 'HEAD' ? null : ICON.slice(), {
    headers: {
      'content-type': 'image/x-icon',
      'cache-control': 'public, max-age=86400',
      'content-length': String(ICON.byteLength),
    },
  });
}
