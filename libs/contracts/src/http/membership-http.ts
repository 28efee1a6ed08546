import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, Validate, ValidatorConstraint } from 'class-validator';
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

export class CreateLocationRequest {
  @ApiProperty({ example: 'Berlin Mitte' })
  @IsText({ min: 1, max: 200 })
  name: string;

  @ApiProperty({ example: 'EUR', description: 'ISO 4217 currency code' })
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as "EUR"' })
  currency: string;

  @ApiProperty({ example: 'Europe/Berlin' })
  @Validate(IanaTimezone)
  timezone: string;
}

export class LocationSettingsRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  creditsEnabled?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  discountAppliesToCredits?: boolean;
}

export class LocationResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() currency: string;
  @ApiProperty() timezone: string;
  @ApiProperty() creditsEnabled: boolean;
  @ApiProperty() discountAppliesToCredits: boolean;
}

export class AddMemberRequest {
  @ApiProperty({ example: 'auth0|64f1c2', description: USER_ID_DESCRIPTION })
  @IsUserId()
  userId: string;

  @ApiProperty({ enum: ['member', 'admin'] })
  @IsIn(['member', 'admin'], { message: 'role must be "member" or "admin"' })
  role: 'member' | 'admin';
}

export class MemberResponse {
  @ApiProperty() locationId: string;
  @ApiProperty() userId: string;
  @ApiProperty({ enum: ['member', 'admin'] }) role: string;
  @ApiProperty({ enum: ['active', 'removed'] }) status: string;
}

export class ChangeMemberRoleRequest {
  @ApiProperty({ enum: ['member', 'admin'] })
  @IsIn(['member', 'admin'], { message: 'role must be "member" or "admin"' })
  role: 'member' | 'admin';
}
