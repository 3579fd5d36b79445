// A source map's segments, read without a dependency (base64 VLQ, Source Map revision 3): which source, and which
// original name, each piece of a minified bundle comes from. test/node/mangled-names.test.ts reads the names the
// minifier shortened with it; bench/size.ts weighs each source of a bundle with it.

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The numbers of one segment. */
function decode(text) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}

/**
 * Every segment of `map` in generated order: `{ line, column, source, name }`, `line` and `column` counted from 0 in
 * the generated file, `source` the source's path as the map gives it (`null`: generated code of no source), `name`
 * the original name the segment carries (`null`: none).
 */
export function segmentsOf(map) {
  const segments = [];
  let source = 0;
  let name = 0;
  map.mappings.split(';').forEach((line, index) => {
    let column = 0;
    for (const text of line.split(',')) {
      if (!text) continue;
      const values = decode(text);
      column += values[0];
      if (values.length >= 4) source += values[1];
      if (values.length >= 5) name += values[4];
      segments.push({
        line: index,
        column,
        source: values.length >= 4 ? map.sources[source] : null,
        name: values.length >= 5 ? map.names[name] : null,
      });
    }
  });
  return segments;
}
