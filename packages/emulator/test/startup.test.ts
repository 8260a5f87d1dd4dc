import { X509Certificate } from 'node:crypto';
import { connect } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import { tempDataDir } from './support.js';

function peerCertificate(port: number, servername: string): Promise<X509Certificate> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername, rejectUnauthorized: false }, () => {
      const raw = socket.getPeerX509Certificate();
      socket.end();
      if (raw === undefined) reject(new Error('no certificate'));
      else resolve(raw);
    });
    socket.on('error', reject);
  });
}

describe('startup and the CA', () => {
  it('creates the CA once, keeps it across restarts, starts warm in well under 2 s', async () => {
    const dataDir = await tempDataDir();
    const cold = await startEmulator({ port: 0, dataDir });
    const fingerprint = cold.caFingerprint;
    const pem = cold.caPem;
    await cold.stop();

    const started = performance.now();
    const warm = await startEmulator({ port: 0, dataDir });
    const elapsed = performance.now() - started;
    try {
      expect(elapsed).toBeLessThan(2000);
      expect(warm.caFingerprint).toBe(fingerprint);
      expect(warm.caPem).toBe(pem);
      expect(warm.caFingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      const served = await peerCertificate(warm.port, 'localhost');
      expect(served.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
      expect(served.checkIssued(new X509Certificate(pem))).toBe(true);
      expect(served.verify(new X509Certificate(pem).publicKey)).toBe(true);
      const health = await warm.fetch(`${warm.localOrigin}/_emulator/health`);
      expect(health.status).toBe(200);
      console.log(`warm start: ${elapsed.toFixed(0)} ms`);
    } finally {
      await warm.stop();
    }
  });

  it('refuses non-loopback hosts and invalid configurations', async () => {
    await expect(startEmulator({ host: '0.0.0.0' })).rejects.toThrow(/127\.0\.0\.1/);
    await expect(startEmulator({ dataDir: await tempDataDir(), config: { tenants: [] } })).rejects.toThrow(/config\.tenants: must list at least one tenant/);
  });

  it('serves plain HTTP when tls is false', async () => {
    const emu = await startEmulator({ port: 0, dataDir: await tempDataDir(), tls: false });
    try {
      expect(emu.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${emu.origin}/${emu.config.tenants[0]?.id}/v2.0/.well-known/openid-configuration`);
      expect(((await res.json()) as { issuer: string }).issuer).toBe(emu.issuer());
    } finally {
      await emu.stop();
    }
  });
});
