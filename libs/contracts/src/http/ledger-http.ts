import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, ValidateIf } from 'class-validator';
import { IsCreditsAmount } from './credits-amount';
import { IsText } from './text';

export class GrantCreditsRequest {
  @ApiProperty({ example: '20.00', description: 'credits as a decimal string with at most two decimals' })
  @IsCreditsAmount()
  amount: string;

  @ApiProperty({ enum: ['permanent', 'expiring'] })
  @IsIn(['permanent', 'expiring'], { message: 'kind must be "permanent" or "expiring"' })
  kind: 'permanent' | 'expiring';

  @ApiPropertyOptional({ example: '2027-01-01T00:00:00Z', description: 'required when kind is "expiring"' })
  @ValidateIf((o: GrantCreditsRequest) => o.kind === 'expiring' || o.expiresAt !== undefined)
  @IsISO8601({ strict: true }, { message: 'expiresAt must be an ISO-8601 instant (required for expiring credits)' })
  expiresAt?: string;

  @ApiProperty({ example: 'Welcome gift' })
  @IsText({ min: 1, max: 500 })
  reason: string;
}

export class DeductCreditsRequest {
  @ApiProperty({ example: '5.00' })
  @IsCreditsAmount()
  amount: string;

  @ApiProperty({ enum: ['permanent', 'expiring', 'any'] })
  @IsIn(['permanent', 'expiring', 'any'], { message: 'kind must be "permanent", "expiring" or "any"' })
  kind: 'permanent' | 'expiring' | 'any';

  @ApiProperty({ example: 'Correction' })
  @IsText({ min: 1, max: 500 })
  reason: string;
}

export class TransactionsQuery {
  @ApiPropertyOptional({ description: 'only entries up to this instant (ISO-8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'asOf must be an ISO-8601 instant' })
  asOf?: string;

  @ApiPropertyOptional({ example: '50', description: '1..200, default 50' })
  @IsOptional()
  @IsText()
  limit?: string;

  @ApiPropertyOptional({ description: 'opaque cursor from the previous page' })
  @IsOptional()
  @IsText()
  cursor?: string;

  @ApiPropertyOptional({ example: 'CreditsGranted,CreditsExpired', description: 'only these ledger event types (comma-separated)' })
  @IsOptional()
  @IsText()
  type?: string;

  @ApiPropertyOptional({ description: 'only entries at or after this instant (ISO-8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 instant' })
  from?: string;

  @ApiPropertyOptional({ description: 'only entries before this instant (ISO-8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 instant' })
  to?: string;
}

export class LotView {
  @ApiProperty() lotId: string;
  @ApiProperty({ enum: ['permanent', 'expiring'] }) kind: string;
  @ApiProperty({ example: '12.50' }) remaining: string;
  @ApiProperty({ nullable: true, type: String }) expiresAt: string | null;
  @ApiProperty() source: string;
}

export class WalletBalanceResponse {
  @ApiProperty() walletId: string;
  @ApiProperty({ example: '20.00' }) balance: string;
  @ApiProperty({ example: '5.00' }) permanent: string;
  @ApiProperty({ example: '15.00' }) expiring: string;
  @ApiProperty({ type: [LotView] }) lots: LotView[];
}

