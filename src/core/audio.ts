/** Checks that audio bytes really are the container their MIME type claims. */
export function audioMatchesMime(bytes: Uint8Array, mime: string): boolean {
  const at = (offset: number, ascii: string) =>
    bytes.length >= offset + ascii.length && [...ascii].every((c, i) => bytes[offset + i] === c.charCodeAt(0));
  switch (mime) {
    case 'audio/webm':
      return bytes.length >= 4 && bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3;
    case 'audio/ogg':
      return at(0, 'OggS');
    case 'audio/mp4':
      return at(4, 'ftyp');
    case 'audio/wav':
      return at(0, 'RIFF') && at(8, 'WAVE');
    case 'audio/mpeg':
      // An ID3 tag, or an MPEG frame sync (11 set bits).
      return at(0, 'ID3') || (bytes.length >= 2 && bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0);
    default:
      return false;
  }
}
