import { AddMemberRequest, MemberResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Body, Controller, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { MEMBERSHIP_CLOCK, type MembershipClock } from '../shared/membership-clock';
import { withEventIds } from '../shared/membership-command';
import { AddMemberCommand, type AddMemberResult } from './add-member.handler';

@Controller('v1/locations/:locationId/members')
export class AddMemberController {
  constructor(private readonly commands: CommandBus, @Inject(MEMBERSHIP_CLOCK) private readonly clock: MembershipClock) {}

  @Post()
  @HttpCode(201)
  async add(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Body() body: AddMemberRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MemberResponse> {
    return withEventIds(res, await this.commands.execute<AddMemberCommand, AddMemberResult>(new AddMemberCommand(actor, locationId, body, this.clock.now())));
  }
}
