import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, Matches, Validate, ValidatorConstraint } from 'class-validator';
import { IsOmittable } from './omittable';
import { USER_ID_SCHEMA, UUID_SCHEMA } from './api-routes';
import { ApiSchemaRules } from './schema-rules';
import { IsText, IsUserId, USER_ID_DESCRIPTION } from './text';
import type { ValidatorConstraintInterface } from 'class-validator';

@ValidatorConstraint({ name: 'ianaTimezone' })
class IanaTimezone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string' || value.length === 0) return false;
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  }
  defaultMessage(): string {
    return 'timezone must be an IANA time zone such as "Europe/Berlin"';
  }
}

const NAME = { minLength: 1, maxLength: 200 } as const;
const CURRENCY = { pattern: '^[A-Z]{3}$', example: 'EUR', description: 'ISO 4217 currency code' } as const;
const TIMEZONE = { example: 'Europe/Berlin', description: 'IANA time zone; plan periods follow its calendar' } as const;
const ROLE = { enum: ['member', 'admin'], example: 'member', description: 'admins manage the location' } as const;

export class CreateLocationRequest {
  @ApiProperty({ ...NAME, example: 'Berlin Mitte' })
  @IsText({ min: 1, max: 200 })
  name: string;

  @ApiProperty(CURRENCY)
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as "EUR"' })
  currency: string;

  @ApiProperty(TIMEZONE)
  @Validate(IanaTimezone)
  timezone: string;
}

@ApiSchemaRules({ minProperties: 1 })
export class LocationSettingsRequest {
  @ApiPropertyOptional({ example: true, description: 'off: no grants, purchases or credit payments (R2)' })
  @IsOmittable()
  @IsBoolean()
  creditsEnabled?: boolean;

  @ApiPropertyOptional({ example: false, description: 'plan discounts also reduce credit prices (R2)' })
  @IsOmittable()
  @IsBoolean()
  discountAppliesToCredits?: boolean;
}

export class LocationResponse {
  @ApiProperty(UUID_SCHEMA) id: string;
  @ApiProperty({ example: 'Berlin Mitte' }) name: string;
  @ApiProperty(CURRENCY) currency: string;
  @ApiProperty(TIMEZONE) timezone: string;
  @ApiProperty({ example: true }) creditsEnabled: boolean;
  @ApiProperty({ example: false }) discountAppliesToCredits: boolean;
}

export class AddMemberRequest {
  @ApiProperty({ ...USER_ID_SCHEMA, description: USER_ID_DESCRIPTION })
  @IsUserId()
  userId: string;

  @ApiProperty(ROLE)
  @IsIn(['member', 'admin'], { message: 'role must be "member" or "admin"' })
  role: 'member' | 'admin';
}

export class MemberResponse {
  @ApiProperty(UUID_SCHEMA) locationId: string;
  @ApiProperty({ example: 'auth0|64f1c2' }) userId: string;
  @ApiProperty(ROLE) role: string;
  @ApiProperty({ enum: ['active', 'removed'], example: 'active', description: 'removed members keep their history' }) status: string;
}

export class ChangeMemberRoleRequest {
  @ApiProperty(ROLE)
  @IsIn(['member', 'admin'], { message: 'role must be "member" or "admin"' })
  role: 'member' | 'admin';
}
