import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { IsText, IsUserId, USER_ID_DESCRIPTION } from './text';

export class CompanyNameRequest {
  @ApiProperty({ example: 'Acme GmbH' })
  @IsText({ min: 1, max: 200 })
  name: string;
}

export class AddCompanyMemberRequest {
  @ApiProperty({ example: 'auth0|64f1c2', description: `an active member of the location; ${USER_ID_DESCRIPTION}` })
  @IsUserId()
  userId: string;
}

export class CorporateCardRequest {
  @ApiProperty({ description: 'whether the member may pay with the company credits (managers always may)' })
  @IsBoolean()
  allowed: boolean;
}

export class CompanyMemberView {
  @ApiProperty() userId: string;
  @ApiProperty() manager: boolean;
  @ApiProperty({ description: 'may use the company credits (R11)' }) corporateCard: boolean;
}

export class CompanyResponse {
  @ApiProperty() id: string;
  @ApiProperty() locationId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['active', 'archived'] }) status: string;
  @ApiProperty({ type: [CompanyMemberView], description: 'active members' }) members: CompanyMemberView[];
}
