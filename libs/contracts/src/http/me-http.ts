import { ApiProperty } from '@nestjs/swagger';

/** `GET /v1/me` (DESIGN section 6): how a member app learns where its user belongs. */

export class MyCompanyView {
  @ApiProperty({ format: 'uuid', example: '7c1f9a2e-4b3d-4e8f-a6b5-1d2c3e4f5a6b' }) companyId: string;
  @ApiProperty({ example: 'Acme GmbH' }) name: string;
  @ApiProperty({ enum: ['active', 'archived'], description: 'an archived company keeps its history readable; its credits can no longer be spent' })
  status: 'active' | 'archived';
  @ApiProperty({ example: false }) isManager: boolean;
  @ApiProperty({ example: true, description: 'may pay with the company credits (R11): managers always, members when a manager allowed it' }) mayUseCorporateCard: boolean;
}

export class MyLocationView {
  @ApiProperty({ format: 'uuid', example: '0b6f3c52-8d1e-4c4f-9a57-5e2f0f8f6a11' }) locationId: string;
  @ApiProperty({ example: 'Berlin Mitte' }) name: string;
  @ApiProperty({ enum: ['member', 'admin'], description: 'the caller’s role in this location' }) role: 'member' | 'admin';
  @ApiProperty({ type: [MyCompanyView], description: 'the companies of this location the caller belongs to' }) companies: MyCompanyView[];
}

export class MeResponse {
  @ApiProperty({ example: 'auth0|64f1c2', description: 'the token’s `sub`, exactly as the identity provider wrote it' }) userId: string;
  @ApiProperty({ example: false, description: 'a platform operator (token role `operator`): may administer every location' }) isOperator: boolean;
  @ApiProperty({
    type: [MyLocationView],
    description: 'the locations the caller is an active member or admin of (for operators too: only those they were added to), by name',
  })
  locations: MyLocationView[];
}
