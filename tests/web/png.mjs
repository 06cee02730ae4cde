// Just enough PNG decoding to tell a drawn screenshot from a blank one, without a dependency:
// 8-bit RGB or RGBA, not interlaced (what Chromium's screenshots are).
import { inflateSync } from 'node:zlib';

export function decodePng(buffer) {
  let offset = 8, width = 0, height = 0, channels = 0;
  const idat = [];
  while (offset < buffer.length) {
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString('latin1', offset + 4, offset + 8);
    const data = buffer.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [depth, colorType, , , interlace] = data.subarray(8, 13);
      channels = { 2: 3, 6: 4 }[colorType];
      if (depth !== 8 || !channels || interlace) throw new Error('unsupported PNG layout');
    } else if (type === 'IDAT') {
      idat.push(data);
    }
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {  // undo each row's filter
    const filter = raw[y * (stride + 1)];
    const row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? pixels[y * stride + x - channels] : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const upLeft = y > 0 && x >= channels ? pixels[(y - 1) * stride + x - channels] : 0;
      let predictor = 0;
      if (filter === 1) predictor = left;
      else if (filter === 2) predictor = up;
      else if (filter === 3) predictor = (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left), pb = Math.abs(p - up), pc = Math.abs(p - upLeft);
        predictor = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      }
      pixels[y * stride + x] = (row[x] + predictor) & 255;
    }
  }
  return { width, height, channels, pixels };
}

// How many distinct colours, and the spread of brightness: a blank image has one colour.
export function pngStats(buffer) {
  const { width, height, channels, pixels } = decodePng(buffer);
  const colors = new Set();
  let darkest = 255, brightest = 0;
  for (let i = 0; i < width * height; i += 7) {
    const r = pixels[i * channels], g = pixels[i * channels + 1], b = pixels[i * channels + 2];
    colors.add((r << 16) | (g << 8) | b);
    const light = (r + g + b) / 3;
    darkest = Math.min(darkest, light);
    brightest = Math.max(brightest, light);
  }
  return { width, height, colors: colors.size, spread: Math.round(brightest - darkest) };
}
