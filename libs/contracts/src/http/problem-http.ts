import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The media type of every error answer (RFC 9457). */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

export class FieldProblemView {
  @ApiProperty({ example: 'amount', description: 'the body field, query parameter, path parameter or header at fault (dotted for nested fields)' })
  field: string;

  @ApiProperty({ example: 'must be a positive decimal string with at most two decimals, e.g. "12.50"' })
  reason: string;
}

/**
 * An error as every service answers it (RFC 9457 problem details). Clients match on `type`, which
 * stays stable; `title` and `detail` are for people. Further members may be added (extensions).
 */
export class ProblemResponse {
  @ApiProperty({ format: 'uri', example: 'https://credits.example/problems/validation-failed', description: 'what kind of problem; stable, match on it' })
  type: string;

  @ApiProperty({ example: 'Your request is not valid', description: 'short summary of the kind of problem' })
  title: string;

  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, example: 400, description: 'the HTTP status code' })
  status: number;

  @ApiPropertyOptional({ example: 'amount: must be a positive decimal string with at most two decimals, e.g. "12.50"', description: 'what went wrong this time' })
  detail?: string;

  @ApiPropertyOptional({ example: '/v1/locations/3f1c.../users/alice/credits/grants', description: 'the request path (and query) the problem is about' })
  instance?: string;

  @ApiPropertyOptional({ example: '8a0c2b4e-5d0f-4a53-9c1e-2f7f7f6b1d10', description: 'the request’s correlation id, as in the logs' })
  correlationId?: string;

  @ApiPropertyOptional({ type: [FieldProblemView], description: 'validation problems (400), one per field and reason' })
  errors?: FieldProblemView[];

  @ApiPropertyOptional({ example: '25.00', description: 'insufficient-credits (409): the credits asked for' })
  requested?: string;

  @ApiPropertyOptional({ example: '20.00', description: 'insufficient-credits (409): the credits of the asked kind in the wallet' })
  available?: string;

  @ApiPropertyOptional({ example: '5.00', description: 'insufficient-credits (409): how many are missing' })
  shortfall?: string;
}
