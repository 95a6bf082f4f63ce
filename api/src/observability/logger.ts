import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { AppConfig } from '../config/app-config';

const PINO_LEVEL: Record<AppConfig['logLevel'], pino.Level> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug' };

/**
 * Where a secret could sit in anything handed to the logger. Request lines never carry a body or a
 * header (see request-log.ts); these paths catch an object logged by mistake — an error with its
 * request, a body, a credential field at the top of the object. Only fixed paths: pino's wildcard paths
 * (`*.password`) cost about 40 µs on every line, as much as answering /api/health (measured).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  // Bodies carry passwords, codes and tokens: a body is never logged, whole.
  'body',
  'req.body',
  'password',
  'currentPassword',
  'newPassword',
  'code',
  'token',
  'accessToken',
  'refreshToken',
  'secret',
  'recoveryCodes',
  'otpauthUrl',
];

/** Nest's start-up chatter: which module loaded, which route mapped. Useful when debugging, noise otherwise. */
const START_UP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/**
 * The app's one pino logger, used by Fastify for its request lines and by Nest for everything else.
 * JSON lines on stdout (or appended to `LOG_FILE`); in development on a terminal, pino-pretty's
 * coloured lines when it is installed (it is a dev dependency: a production install has none).
 */
export function createLogger(config: AppConfig, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level: PINO_LEVEL[config.logLevel],
    base: { pid: process.pid },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  if (destination) return pino(options, destination);
  // Written synchronously, as pino does by default: an asynchronous write per line went through libuv's
  // thread pool and cost more CPU per request than the line itself (measured on /api/health).
  if (config.logFile) return pino(options, pino.destination({ dest: config.logFile, append: true, mkdir: true, sync: true }));
  const pretty = config.env === 'development' && process.stdout.isTTY ? loadPrettyStream() : null;
  return pino(options, pretty ?? pino.destination({ dest: 1, sync: true }));
}

function loadPrettyStream(): DestinationStream | null {
  try {
    // Required here, not imported: production installs omit it, and JSON is the right output there anyway.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pretty = require('pino-pretty') as (options: object) => DestinationStream;
    return pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
  } catch {
    return null;
  }
}

/** Nest's LoggerService on top of the pino logger: Nest's own lines and `new Logger(context)` become JSON too. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    if (context && START_UP_CONTEXTS.has(context)) this.write('debug', message, context);
    else this.write('info', message, context);
  }
  error(message: unknown, ...rest: unknown[]): void {
    // Nest passes (message, stack, context) or (message, context).
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const stack = rest.length === 2 && typeof rest[0] === 'string' ? rest[0] : undefined;
    this.write('error', message, context, stack);
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }
  fatal(message: unknown, context?: string): void {
    this.write('fatal', message, context);
  }

  private write(level: pino.Level, message: unknown, context: string | undefined, stack?: string): void {
    if (!this.logger.isLevelEnabled(level)) return;
    if (message instanceof Error) this.logger[level]({ context, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.logger[level]({ context, ...message });
    else this.logger[level]({ context, ...(stack ? { stack } : {}) }, String(message));
  }
}
