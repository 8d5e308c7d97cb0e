import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** A ustar archive of one regular file: all an image layer needs. */
function tarOf(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512);
  const octal = (n: number, width: number) => n.toString(8).padStart(width - 1, '0') + '\0';
  header.write(name, 0);
  header.write(octal(0o644, 8), 100);
  header.write(octal(0, 8), 108);
  header.write(octal(0, 8), 116);
  header.write(octal(content.length, 12), 124);
  header.write(octal(0, 12), 136);
  header.write('        ', 148); // the checksum counts its own field as spaces
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  const sum = header.reduce((a, b) => a + b, 0);
  header.write(octal(sum, 7) + ' ', 148);
  const padding = Buffer.alloc((512 - (content.length % 512)) % 512);
  return Buffer.concat([header, content, padding, Buffer.alloc(1024)]);
}

/**
 * Writes a small OCI image layout (one layer with one unique file, a config, a manifest) that `skopeo copy
 * oci:<dir>:<tag>` reads, the index naming it under each tag. No network, no daemon.
 */
export function writeOciImage(dir: string, tags: string[]): void {
  const blobs = path.join(dir, 'blobs', 'sha256');
  fs.mkdirSync(blobs, { recursive: true });
  const put = (data: Buffer) => {
    const digest = sha256(data);
    fs.writeFileSync(path.join(blobs, digest), data);
    return { digest: `sha256:${digest}`, size: data.length };
  };
  const layer = tarOf('hello.txt', Buffer.from(`hello from ${randomUUID()}\n`));
  const layerBlob = put(layer);
  const config = put(
    Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        rootfs: { type: 'layers', diff_ids: [layerBlob.digest] },
        config: {},
      }),
    ),
  );
  const manifestMediaType = 'application/vnd.oci.image.manifest.v1+json';
  const manifest = put(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: manifestMediaType,
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...layerBlob }],
      }),
    ),
  );
  fs.writeFileSync(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  fs.writeFileSync(
    path.join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: tags.map((tag) => ({
        mediaType: manifestMediaType,
        ...manifest,
        annotations: { 'org.opencontainers.image.ref.name': tag },
      })),
    }),
  );
}
