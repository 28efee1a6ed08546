import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsString, Length, Matches } from 'class-validator';

export class CompanyNameRequest {
  @ApiProperty({ example: 'Acme GmbH' })
  @IsString()
  @Length(1, 200)
  name: string;
}

export class AddCompanyMemberRequest {
  @ApiProperty({ example: 'user-123', description: 'an active member of the location' })
  @IsString()
  @Matches(/^[A-Za-z0-9._@-]{1,200}$/, { message: 'userId may contain letters, digits and . _ @ - only' })
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
