import { MemberResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, ParseUserIdPipe, type RequestActor } from '@credits/platform';
import { Controller, Delete, Inject, Param, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { MEMBERSHIP_CLOCK, type MembershipClock } from '../shared/membership-clock';
import { withEventIds } from '../shared/membership-command';
import { RemoveMemberCommand, type RemoveMemberResult } from './remove-member.handler';

@Controller('v1/locations/:locationId/members/:userId')
export class RemoveMemberController {
  constructor(private readonly commands: CommandBus, @Inject(MEMBERSHIP_CLOCK) private readonly clock: MembershipClock) {}

  @Delete()
  async remove(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('userId', ParseUserIdPipe) userId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MemberResponse> {
    return withEventIds(res, await this.commands.execute<RemoveMemberCommand, RemoveMemberResult>(new RemoveMemberCommand(actor, locationId, userId, this.clock.now())));
  }
}
