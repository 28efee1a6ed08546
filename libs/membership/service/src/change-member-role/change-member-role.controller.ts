import { ChangeMemberRoleRequest, MemberResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, ParseUserIdPipe, type RequestActor } from '@credits/platform';
import { Body, Controller, Inject, Param, Patch, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { MEMBERSHIP_CLOCK, type MembershipClock } from '../shared/membership-clock';
import { withEventIds } from '../shared/membership-command';
import { ChangeMemberRoleCommand, type ChangeMemberRoleResult } from './change-member-role.handler';

@Controller('v1/locations/:locationId/members/:userId')
export class ChangeMemberRoleController {
  constructor(private readonly commands: CommandBus, @Inject(MEMBERSHIP_CLOCK) private readonly clock: MembershipClock) {}

  @Patch()
  async change(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('userId', ParseUserIdPipe) userId: string,
    @Body() body: ChangeMemberRoleRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MemberResponse> {
    return withEventIds(res, await this.commands.execute<ChangeMemberRoleCommand, ChangeMemberRoleResult>(
      new ChangeMemberRoleCommand(actor, locationId, userId, body.role, this.clock.now()),
    ));
  }
}
