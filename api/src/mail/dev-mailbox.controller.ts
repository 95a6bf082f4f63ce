import { Controller, Get, HttpStatus } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DevMail } from '@vantage/contracts';
import { Public } from '../auth/auth.decorators';
import { DevMailbox } from './dev-mailbox';
import { ApiAnswer, ApiWithoutDatabase, SCHEMAS } from '../common/openapi';

/** Development only (see DevMailboxModule): the mail the app would have sent, newest first. */
@ApiTags('development')
@Controller('dev/mailbox')
export class DevMailboxController {
  constructor(private readonly mailbox: DevMailbox) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Development mailbox: the last 50 messages, newest first (absent in production and with SMTP_URL)' })
  @ApiAnswer(HttpStatus.OK, 'The last 50 messages, newest first', SCHEMAS.devMails)
  @ApiWithoutDatabase()
  list(): DevMail[] {
    return this.mailbox.list();
  }
}
