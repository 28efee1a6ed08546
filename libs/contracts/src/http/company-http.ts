import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { USER_ID_SCHEMA, UUID_SCHEMA } from './api-routes';
import { IsText, IsUserId, USER_ID_DESCRIPTION } from './text';

export class CompanyNameRequest {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Acme GmbH' })
  @IsText({ min: 1, max: 200 })
  name: string;
}

export class AddCompanyMemberRequest {
  @ApiProperty({ ...USER_ID_SCHEMA, description: `an active member of the location; ${USER_ID_DESCRIPTION}` })
  @IsUserId()
  userId: string;
}

export class CorporateCardRequest {
  @ApiProperty({ example: true, description: 'whether the member may pay with the company credits (managers always may)' })
  @IsBoolean()
  allowed: boolean;
}

export class CompanyMemberView {
  @ApiProperty({ example: 'auth0|64f1c2' }) userId: string;
  @ApiProperty({ example: false }) manager: boolean;
  @ApiProperty({ example: true, description: 'may use the company credits (R11); managers always may' }) corporateCard: boolean;
}

export class CompanyResponse {
  @ApiProperty(UUID_SCHEMA) id: string;
  @ApiProperty(UUID_SCHEMA) locationId: string;
  @ApiProperty({ example: 'Acme GmbH' }) name: string;
  @ApiProperty({ enum: ['active', 'archived'], example: 'active' }) status: string;
  @ApiProperty({ type: [CompanyMemberView], description: 'active members' }) members: CompanyMemberView[];
}
