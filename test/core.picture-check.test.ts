/**
 * Uploaded pictures: SVG read by a real XML parser and refused when anything could run or
 * reach outside; raster pictures checked by content (magic bytes, header, pixel size); audio
 * by its container's magic bytes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { audioMatchesMime } from '../src/core/audio.ts';
import { checkPicture, checkSvg, PICTURE_MAX_PIXELS, rasterSize } from '../src/core/picture-check.ts';
import { tinyWav } from './helpers/visits.ts';

const NS = 'xmlns="http://www.w3.org/2000/svg"';
const XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"';
const svg = (inner: string, attrs = '') => `<svg ${NS} ${XLINK} viewBox="0 0 10 10"${attrs}>${inner}</svg>`;

const HOSTILE_SVGS: Record<string, string> = {
  'script element': svg('<script>window.__xss=1</script>'),
  'script in a CDATA-less namespace prefix': `<svg:svg xmlns:svg="http://www.w3.org/2000/svg"><svg:script>alert(1)</svg:script></svg:svg>`,
  'script from the XHTML namespace': svg('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>'),
  'foreignObject with HTML': svg('<foreignObject width="10" height="10"><body xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert(1)"/></body></foreignObject>'),
  'onload on the root': svg('<rect width="1" height="1"/>', ' onload="alert(1)"'),
  'onload with no space before it (<svg/onload>)': `<svg/onload="alert(1)" ${NS}></svg>`,
  'ONCLICK in capitals': svg('<rect width="1" height="1" ONCLICK="alert(1)"/>'),
  'onmouseover on a nested element': svg('<g><path d="M0 0" onmouseover="alert(1)"/></g>'),
  'xlink:href=javascript:': svg('<a xlink:href="javascript:alert(1)"><rect width="1" height="1"/></a>'),
  'use of javascript: (entity-encoded)': svg('<use href="&#106;avascript:alert(1)"/>'),
  'use of an external file': svg('<use href="http://evil.example/sprite.svg#x"/>'),
  'use of an external file by xlink:href': svg('<use xlink:href="//evil.example/s.svg#x"/>'),
  'use of a data: URL': svg('<use href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=#x"/>'),
  'image element': svg('<image href="http://evil.example/x.png" width="1" height="1"/>'),
  'animate that rewrites href': svg('<a href="#x"><animate attributeName="href" to="javascript:alert(1)"/></a>'),
  'set element': svg('<set attributeName="onmouseover" to="alert(1)"/>'),
  'style element': svg('<style>@import url(http://evil.example/x.css);</style>'),
  'CSS url() to the outside in fill': svg('<rect width="1" height="1" fill="url(http://evil.example/x)"/>'),
  'CSS url() in a style attribute': svg('<rect width="1" height="1" style="fill:url(\'https://evil.example/t\')"/>'),
  'CSS url() hidden by an entity': svg('<rect width="1" height="1" style="fill:u&#114;l(https://evil.example/t)"/>'),
  'CSS url() hidden by a CSS escape': svg('<rect width="1" height="1" style="fill:u\\72l(https://evil.example/t)"/>'),
  'CSS @import in a style attribute': svg('<rect width="1" height="1" style="@import \'x.css\'"/>'),
  'CSS expression()': svg('<rect width="1" height="1" style="width:expression(alert(1))"/>'),
  'xml:base': svg('<use href="#a"/>', ' xml:base="javascript:alert(1)//"'),
  'DOCTYPE with entities (XXE)': `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><svg ${NS}><text>&xxe;</text></svg>`,
  'billion laughs': `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><svg ${NS}><text>&lol2;</text></svg>`,
  'undeclared entity': svg('<text>&xxe;</text>'),
  'xml-stylesheet': `<?xml-stylesheet href="http://evil.example/x.css"?>${svg('')}`,
  'another processing instruction': `<?php echo 1 ?>${svg('')}`,
  'not well-formed (unquoted attribute)': `<svg ${NS} onload=alert(1)></svg>`,
  'not well-formed (unclosed)': `<svg ${NS}><g>`,
  'HTML, not SVG': '<html><body><script>alert(1)</script></body></html>',
  'SVG without the SVG namespace': '<svg><rect width="1" height="1"/></svg>',
  'a root that is not svg': `<g ${NS}><rect/></g>`,
  'attribute from a foreign namespace': svg('<rect width="1" height="1" ev:event="click" xmlns:ev="http://www.w3.org/2001/xml-events"/>'),
  'too many elements': svg('<g/>'.repeat(20_001)),
  'empty': '',
};

describe('SVG pictures', () => {
  for (const [what, text] of Object.entries(HOSTILE_SVGS)) {
    it(`refuses ${what}`, () => {
      const r = checkPicture(Buffer.from(text), 'image/svg+xml');
      assert.equal(r.ok, false, `${what} was accepted`);
      if (!r.ok) assert.ok(r.reason.length > 0);
    });
  }

  it('accepts every demo catalog picture and plain drawings with gradients, clip paths, <use href="#…"> and text', () => {
    const dir = new URL('../assets/demo/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.svg'));
    assert.ok(files.length > 10);
    for (const f of files) assert.deepEqual(checkSvg(readFileSync(new URL(f, dir), 'utf8')), { ok: true, mime: 'image/svg+xml' }, f);
    const plain = `<?xml version="1.0" encoding="UTF-8"?>\n<!-- a car -->\n${svg(
      '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient><clipPath id="c"><rect width="5" height="5"/></clipPath>' +
        '<symbol id="s"><circle r="1"/></symbol></defs><title>Car</title><rect width="10" height="10" fill="url(#g)" clip-path="url(#c)" style="fill: url( #g )"/>' +
        '<use href="#s"/><use xlink:href="#s"/><text x="1" y="5">Hi &amp; &lt;there&gt; 你好</text>',
    )}`;
    assert.deepEqual(checkSvg(plain), { ok: true, mime: 'image/svg+xml' });
  });

  it('never accepts an SVG that contains a script, handler or foreign reference, however it is wrapped', () => {
    const payload = fc.constantFrom('<script>1</script>', '<foreignObject/>', '<rect onload="1"/>', '<use href="http://x/y#z"/>', '<rect fill="url(http://x)"/>', '<a href="javascript:1"/>');
    const filler = fc.constantFrom('<g>', '</g>', '<rect width="1"/>', '<!-- c -->', '<text>t</text>', ' ', '\n');
    fc.assert(
      fc.property(fc.array(filler, { maxLength: 6 }), payload, fc.array(filler, { maxLength: 6 }), (pre, p, post) => {
        assert.equal(checkSvg(svg(pre.join('') + p + post.join(''))).ok, false);
      }),
      { numRuns: 300 },
    );
  });

  it('does not throw on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
      const r = checkSvg(s.startsWith('<svg') ? s : `<svg ${NS}>${s}</svg>`);
      assert.equal(typeof r.ok, 'boolean');
    }), { numRuns: 300 });
  });
});

function png(width: number, height: number): Buffer {
  const b = Buffer.alloc(45);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'latin1');
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return b;
}

function jpeg(width: number, height: number): Buffer {
  // SOI, an APP0 segment, then SOF0 with the size.
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const sof = Buffer.alloc(19);
  sof.writeUInt16BE(0xffc0, 0);
  sof.writeUInt16BE(17, 2);
  sof[4] = 8;
  sof.writeUInt16BE(height, 5);
  sof.writeUInt16BE(width, 7);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.from([0xff, 0xd9])]);
}

function webpVp8x(width: number, height: number): Buffer {
  const b = Buffer.alloc(30);
  b.write('RIFF', 0, 'latin1');
  b.writeUInt32LE(22, 4);
  b.write('WEBPVP8X', 8, 'latin1');
  b.writeUInt32LE(10, 16);
  b.writeUIntLE(width - 1, 24, 3);
  b.writeUIntLE(height - 1, 27, 3);
  return b;
}

describe('raster pictures are checked by content', () => {
  it('reads the pixel size of PNG, JPEG and WebP headers', () => {
    assert.deepEqual(rasterSize(png(640, 480), 'image/png'), { width: 640, height: 480 });
    assert.deepEqual(rasterSize(jpeg(1024, 768), 'image/jpeg'), { width: 1024, height: 768 });
    assert.deepEqual(rasterSize(webpVp8x(300, 200), 'image/webp'), { width: 300, height: 200 });
  });

  it('accepts real headers with a sane size and the declared type', () => {
    assert.deepEqual(checkPicture(png(640, 480), 'image/png'), { ok: true, mime: 'image/png' });
    assert.deepEqual(checkPicture(jpeg(1024, 768), 'image/jpeg'), { ok: true, mime: 'image/jpeg' });
    assert.deepEqual(checkPicture(webpVp8x(300, 200), 'image/webp'), { ok: true, mime: 'image/webp' });
  });

  it('refuses a type that does not match the bytes, HTML named .png, truncated headers and decompression bombs', () => {
    assert.equal(checkPicture(png(10, 10), 'image/jpeg').ok, false);
    assert.equal(checkPicture(Buffer.from('<html><script>alert(1)</script></html>'), 'image/png').ok, false);
    assert.equal(checkPicture(Buffer.from('GIF89a....'), 'image/gif').ok, false);
    assert.equal(checkPicture(png(10, 10).subarray(0, 20), 'image/png').ok, false);
    assert.equal(checkPicture(Buffer.from([0xff, 0xd8, 0xff, 0xd9]), 'image/jpeg').ok, false);
    assert.equal(checkPicture(png(PICTURE_MAX_PIXELS + 1, 10), 'image/png').ok, false);
    assert.equal(checkPicture(png(100_000, 100_000), 'image/png').ok, false);
    assert.equal(checkPicture(jpeg(65_000, 65_000), 'image/jpeg').ok, false);
    assert.equal(checkPicture(webpVp8x(16_000_000, 2), 'image/webp').ok, false);
    assert.equal(checkPicture(png(0, 10), 'image/png').ok, false);
  });

  it('refuses empty and oversized files of every kind', () => {
    assert.equal(checkPicture(new Uint8Array(0), 'image/png').ok, false);
    const big = Buffer.concat([png(10, 10), Buffer.alloc(2_000_001)]);
    assert.equal(checkPicture(big, 'image/png').ok, false);
    assert.equal(checkPicture(Buffer.from(svg(`<text>${'x'.repeat(2_000_001)}</text>`)), 'image/svg+xml').ok, false);
  });

  it('never throws on random bytes under any declared type', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.constantFrom('image/png', 'image/jpeg', 'image/webp', 'image/svg+xml', 'text/html'), fc.boolean(), (bytes, mime, withMagic) => {
        const b = withMagic ? Buffer.concat([mime === 'image/png' ? png(1, 1).subarray(0, 16) : mime === 'image/jpeg' ? Buffer.from([0xff, 0xd8, 0xff]) : Buffer.from('RIFF0000WEBPVP8 '), bytes]) : Buffer.from(bytes);
        assert.equal(typeof checkPicture(b, mime).ok, 'boolean');
      }),
      { numRuns: 500 },
    );
  });
});

describe('audio is checked by content', () => {
  it('accepts each container by its magic bytes and refuses a mismatch', () => {
    const wav = Buffer.from(tinyWav(), 'base64');
    assert.equal(audioMatchesMime(wav, 'audio/wav'), true);
    assert.equal(audioMatchesMime(wav, 'audio/webm'), false);
    assert.equal(audioMatchesMime(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0, 0]), 'audio/webm'), true);
    assert.equal(audioMatchesMime(Buffer.from('OggS\0\0'), 'audio/ogg'), true);
    assert.equal(audioMatchesMime(Buffer.from('\0\0\0\x20ftypM4A '), 'audio/mp4'), true);
    assert.equal(audioMatchesMime(Buffer.from('ID3\x04'), 'audio/mpeg'), true);
    assert.equal(audioMatchesMime(Buffer.from('<html><script>alert(1)</script>'), 'audio/mpeg'), false);
    assert.equal(audioMatchesMime(Buffer.from('<svg onload=alert(1)>'), 'audio/ogg'), false);
    assert.equal(audioMatchesMime(wav, 'text/html'), false);
    assert.equal(audioMatchesMime(new Uint8Array(0), 'audio/wav'), false);
  });
});
