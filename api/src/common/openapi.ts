import { applyDecorators, type HttpStatus } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { type ErrorCode, errorMessages, INVITATION_DAYS } from '@vantage/contracts';

/**
 * How a route states its answers in the OpenAPI document: the success status with the exact shape,
 * and each refusal status with the codes it may carry. Routes built before this still have bare
 * answers; they move here route by route.
 */

type Schema = Record<string, unknown>;

const string = { type: 'string' };
const uuid = { type: 'string', format: 'uuid' };
const dateTime = { type: 'string', format: 'date-time' };
const teamRole = { type: 'string', enum: ['owner', 'member'] };
const object = (properties: Record<string, Schema>): Schema => ({
  type: 'object',
  additionalProperties: false,
  required: Object.keys(properties),
  properties,
});
const nullable = (schema: Schema): Schema => ({ ...schema, nullable: true });

/** `{statusCode, code, message}`; VALIDATION_FAILED adds the fields and why. */
export const ERROR_BODY_SCHEMA: Schema = {
  type: 'object',
  required: ['statusCode', 'code', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    code: string,
    message: string,
    errors: { type: 'array', items: object({ field: string, message: string }) },
  },
};

export const SCHEMAS = {
  teamSettings: object({
    id: uuid,
    name: string,
    requireTwoFactor: { type: 'boolean' },
    supportAccess: { type: 'string', enum: ['allowed', 'approval', 'never'] },
  }),
  teamMember: object({
    user: object({ id: uuid, name: string, email: { type: 'string', format: 'email' } }),
    role: teamRole,
    joinedAt: dateTime,
    isTwoFactorEnabled: { type: 'boolean' },
  }),
  invitation: object({
    id: uuid,
    email: { type: 'string', format: 'email' },
    role: teamRole,
    expiresAt: { ...dateTime, description: `${INVITATION_DAYS} days after it was sent` },
  }),
  pendingInvitation: object({
    id: uuid,
    email: { type: 'string', format: 'email' },
    role: teamRole,
    invitedBy: object({ name: string }),
    expiresAt: dateTime,
  }),
  invitationPreview: object({
    teamName: string,
    email: { type: 'string', format: 'email' },
    role: teamRole,
    invitedBy: object({ name: string }),
    expiresAt: dateTime,
    accountExists: { type: 'boolean' },
  }),
  signInSession: object({
    id: uuid,
    createdAt: dateTime,
    lastSeenAt: { ...dateTime, description: 'to within a minute' },
    userAgent: nullable(string),
    ip: nullable(string),
    current: { type: 'boolean', description: 'the session of this request' },
  }),
  recoveryCodes: object({ recoveryCodes: { type: 'array', minItems: 10, maxItems: 10, items: string } }),
  twoFactorOff: object({ enabled: { type: 'boolean', enum: [false] }, method: { type: 'string', nullable: true, enum: [null] } }),
  /** `{accessToken, user}`: the user is GET /auth/me's shape. */
  authResponse: {
    type: 'object',
    required: ['accessToken', 'user'],
    properties: { accessToken: string, user: { type: 'object', description: 'the current user, as GET /api/auth/me answers' } },
  },
} satisfies Record<string, Schema>;

export const itemsOf = (schema: Schema): Schema => object({ items: { type: 'array', items: schema } });

/** The success answer: its status and exact body (none for 204). */
export function ApiAnswer(status: HttpStatus, description: string, schema?: Schema): MethodDecorator {
  return ApiResponse({ status, description, ...(schema ? { schema } : {}) });
}

/** Refusals by status, each with the codes it may carry and their sentences. */
export function ApiRefusals(refusals: Partial<Record<HttpStatus, ErrorCode[]>>): MethodDecorator {
  return applyDecorators(
    ...Object.entries(refusals).map(([status, codes]) =>
      ApiResponse({
        status: Number(status),
        description: (codes ?? []).map((code) => `\`${code}\`: ${errorMessages[code]}`).join('\n\n'),
        schema: ERROR_BODY_SCHEMA,
      }),
    ),
  );
}
