import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawServerDefault } from 'fastify';
import { AppException } from '../common/app-exception';

/**
 * Every JSON body is read as strict UTF-8. Decoding leniently would turn bytes that are not UTF-8
 * into U+FFFD replacement characters and store them as if the client had typed them; a body that
 * is not UTF-8 is refused with 400 before any route sees it. The JSON itself is then parsed by
 * Fastify's own parser (prototype poisoning refused as before).
 */
export function readJsonBodiesAsStrictUtf8(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
  app.useBodyParser<RawServerDefault>('application/json', { bodyLimit }, (request, body, done) => {
    let text: string;
    try {
      text = strictUtf8.decode(body);
    } catch {
      done(AppException.validation([{ field: 'body', message: 'must be UTF-8 text: it contains bytes that are not' }]), undefined);
      return;
    }
    // Fastify's parser answers through `done`; its return value carries nothing.
    void parseJson(request, text, done);
  });
}
