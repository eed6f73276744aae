import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { SecretMask } from './secret-mask.js';
import { createTelemetry } from './index.js';

const SECRET = 'sk_live_"quoted"\\value';

describe('SecretMask', () => {
  it('masks secret values in every log line, raw and as JSON escapes them, once set', () => {
    const lines: string[] = [];
    const mask = new SecretMask();
    const logger = createLogger({ mask, destination: { write: (l: string) => void lines.push(l) } });
    logger.info({ token: SECRET }, `before the vault: ${SECRET}`);
    mask.set((t) => t.split(SECRET).join('***').split(JSON.stringify(SECRET).slice(1, -1)).join('***'));
    logger.info({ token: SECRET, nested: { list: [SECRET] } }, `using ${SECRET}`);
    logger.error(new Error(`failed with ${SECRET}`));
    expect(lines[0]).toContain('sk_live_');
    for (const l of lines.slice(1)) {
      expect(l).not.toContain('sk_live_');
      expect(JSON.parse(l)).toBeTruthy();
    }
    expect(JSON.parse(lines[1])).toMatchObject({ msg: 'using ***', token: '***', nested: { list: ['***'] } });
  });

  it("masks a failed span's error message", () => {
    const exporter = new InMemorySpanExporter();
    const mask = new SecretMask();
    mask.set((t) => t.split('tok_12345').join('***'));
    const t = createTelemetry({ exporter, mask, logger: createLogger({ level: 'silent' }) });
    t.onHttpCall({ method: 'GET', url: 'https://api.test/x', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', startedAt: Date.now() - 1, endedAt: Date.now(), error: new Error('refused key tok_12345') });
    const spans = exporter.getFinishedSpans();
    expect(spans.length).toBeGreaterThan(0);
    expect(spans[0].status.message).toBe('refused key ***');
  });
});
