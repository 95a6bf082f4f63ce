import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  raw: string;
  subject: string;
  /** The decoded plain-text part of the message. */
  text: string;
}

/**
 * A real SMTP server on loopback for one test file: the app delivers over SMTP (nodemailer) and
 * tests read codes from what arrives.
 */
export class TestMailbox {
  readonly messages: ReceivedMail[] = [];
  private server!: SMTPServer;
  port = 0;
  /** While true the server refuses connections' mail (simulates an outage). */
  refusing = false;
  /** While above 0, each message is acknowledged this many milliseconds after it arrived (a slow mail server). */
  delayMs = 0;

  /** Listens on `port` (0: any free one); a stopped mailbox starts again on its own port with `start(mailbox.port)`. */
  async start(port = 0): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      // Stopping drops the app's open (pooled) connection at once, as a mail server going down would.
      closeTimeout: 100,
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          this.messages.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            raw,
            subject: decodeHeader(/^Subject: (.*(?:\r?\n[ \t].*)*)/im.exec(raw)?.[1] ?? ''),
            text: plainText(raw),
          });
          if (this.delayMs > 0) setTimeout(callback, this.delayMs);
          else callback();
        });
      },
    });
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as { port: number }).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Waits for the next message to `to` after `since` messages were already there. */
  async waitFor(to: string, predicate: (mail: ReceivedMail) => boolean = () => true, timeoutMs = 5000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = [...this.messages].reverse().find((m) => m.to.includes(to.toLowerCase()) && predicate(m));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`No mail to ${to} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Waits until `count` messages to `to` have arrived (queued mail arrives after the answer that queued it). */
  async waitForCount(to: string, count: number, timeoutMs = 5000): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const received = this.for(to);
      if (received.length >= count) return received;
      if (Date.now() > deadline) throw new Error(`${received.length} of ${count} mails to ${to} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  for(to: string): ReceivedMail[] {
    return this.messages.filter((m) => m.to.includes(to.toLowerCase()));
  }

  /**
   * The token of the link `<prefix><token>` (e.g. `http://localhost:3000/invitations/`) in the latest
   * message to `to` that has one, after `after` messages were already there.
   */
  async linkToken(to: string, prefix: string, after = 0): Promise<string> {
    const pattern = new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])`);
    const mail = await this.waitFor(to, (m) => this.messages.indexOf(m) >= after && pattern.test(m.text));
    return pattern.exec(mail.text)![1];
  }

  /** The 6-digit code in the latest message to `to`. */
  async latestCode(to: string, after = 0): Promise<string> {
    const mail = await this.waitFor(to, (m) => this.messages.indexOf(m) >= after && /\b\d{6}\b/.test(m.text));
    return /\b(\d{6})\b/.exec(mail.text)![1];
  }
}

function decodeHeader(value: string): string {
  return value
    .replace(/\r?\n[ \t]/g, ' ')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, enc: string, data: string) =>
      enc.toLowerCase() === 'b'
        ? Buffer.from(data, 'base64').toString('utf8')
        : data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
    )
    .trim();
}

/** The text/plain part, with quoted-printable undone. */
function plainText(raw: string): string {
  const part = /Content-Type: text\/plain[\s\S]*?\r?\n\r?\n([\s\S]*?)(?:\r?\n--|$)/i.exec(raw)?.[1] ?? raw;
  return part.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}
