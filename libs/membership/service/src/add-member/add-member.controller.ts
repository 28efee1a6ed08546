import { AddMemberRequest, MemberResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { EVENT_IDS_HEADER } from '../shared/membership.tokens';
import { AddMemberCommand, type AddMemberResult } from './add-member.handler';

@Controller('v1/locations/:locationId/members')
export class AddMemberController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  async add(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Body() body: AddMemberRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MemberResponse> {
    const result = await this.commands.execute<AddMemberCommand, AddMemberResult>(new AddMemberCommand(actor, locationId, body, new Date()));
    res.setHeader(EVENT_IDS_HEADER, result.eventIds.join(','));
    return result.member;
  }
}
