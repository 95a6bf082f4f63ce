import type { Business as BusinessView, Comment as CommentView, Lead as LeadView } from '@vantage/contracts';
import type { Business } from './business.entity';
import type { CommentColumns } from './comment.entity';
import type { Lead } from './lead.entity';

/** Entities → the API shapes of @vantage/contracts (only the listed fields ever leave the server). */

export function toBusinessView(business: Pick<Business, 'id' | 'name' | 'description' | 'createdAt' | 'updatedAt'>): BusinessView {
  return {
    id: business.id,
    name: business.name,
    description: business.description,
    createdAt: business.createdAt.toISOString(),
    updatedAt: business.updatedAt.toISOString(),
  };
}

export function toLeadView(lead: Lead): LeadView {
  return {
    id: lead.id,
    name: lead.name,
    email: lead.email,
    status: lead.status,
    businessId: lead.businessId,
    createdAt: lead.createdAt.toISOString(),
    updatedAt: lead.updatedAt.toISOString(),
  };
}

/**
 * `author.name` is the name stored with the comment, the same as `authorName`: a comment keeps the
 * name it was written under ("Support team (Ada Admin)" during impersonation), even if the person
 * is renamed later, and listing comments needs no join to users.
 */
export function toCommentView(comment: CommentColumns): CommentView {
  return {
    id: comment.id,
    text: comment.text,
    author: { id: comment.authorId, name: comment.authorName },
    authorName: comment.authorName,
    isImpersonated: comment.isImpersonated,
    createdAt: comment.createdAt.toISOString(),
  };
}
