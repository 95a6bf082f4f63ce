import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AppException } from '../common/app-exception';
import type { AuthContext } from './auth-context';
import { isAdminRole } from './roles';

function authOf(context: ExecutionContext): AuthContext | undefined {
  return context.switchToHttp().getRequest<{ auth?: AuthContext }>().auth;
}

/** Only `admin` and `super_admin` pass (the role of the user the request acts as). */
@Injectable()
export class AdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const auth = authOf(context);
    if (!auth || !isAdminRole(auth.user.role)) throw AppException.forbidden();
    return true;
  }
}

/** Only `super_admin` passes. */
@Injectable()
export class SuperAdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const auth = authOf(context);
    if (!auth || auth.user.role !== 'super_admin') throw AppException.forbidden();
    return true;
  }
}
