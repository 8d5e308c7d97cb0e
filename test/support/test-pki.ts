import { generate } from 'selfsigned';

export interface Pem {
  cert: string;
  key: string;
}

export interface TestPki {
  ca: Pem;
  /** A server certificate for 127.0.0.1 and localhost, signed by the CA. */
  server: Pem;
  /** A client certificate (CN `cn`), signed by the CA. */
  client: Pem;
}

const days = (n: number) => new Date(Date.now() + n * 86_400_000);

/** A small CA of the test's own, made fresh per run: EC keys, so it is cheap on a loaded machine. */
async function makeCa(cn: string): Promise<Pem> {
  const ca = await generate([{ name: 'commonName', value: cn }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: days(-1),
    notAfterDate: days(30),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  return { cert: ca.cert, key: ca.private };
}

async function issue(ca: Pem, cn: string, usage: 'server' | 'client'): Promise<Pem> {
  const leaf = await generate([{ name: 'commonName', value: cn }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: days(-1),
    notAfterDate: days(30),
    ca: { cert: ca.cert, key: ca.key },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      usage === 'server' ? { name: 'extKeyUsage', serverAuth: true } : { name: 'extKeyUsage', clientAuth: true },
      ...(usage === 'server'
        ? [
            {
              name: 'subjectAltName' as const,
              altNames: [
                { type: 7 as const, ip: '127.0.0.1' },
                { type: 2 as const, value: 'localhost' },
              ],
            },
          ]
        : []),
    ],
  });
  return { cert: leaf.cert, key: leaf.private };
}

/** A CA with one server and one client certificate. */
export async function makeTestPki(name: string, clientCn = `${name}-client`): Promise<TestPki> {
  const ca = await makeCa(`${name} test CA`);
  return { ca, server: await issue(ca, '127.0.0.1', 'server'), client: await issue(ca, clientCn, 'client') };
}
