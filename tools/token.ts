import { sign } from 'jsonwebtoken';
import { parseArgs } from 'node:util';
import { DEV_JWT_SECRET } from '../libs/shared/platform/src/dev-secret';

/** `npm run token -- --sub <user> [--roles operator] [--expires 12h]` prints a JWT for JWT_SECRET. */
const { values } = parseArgs({
  options: { sub: { type: 'string' }, roles: { type: 'string', default: '' }, expires: { type: 'string', default: '12h' } },
});
if (!values.sub) {
  process.stderr.write('usage: npm run token -- --sub <user> [--roles operator] [--expires 12h]\n');
  process.exit(2);
}
const roles = values.roles!.split(',').map((role) => role.trim()).filter(Boolean);
const token = sign({ sub: values.sub, roles }, process.env.JWT_SECRET ?? DEV_JWT_SECRET, {
  algorithm: 'HS256',
  expiresIn: values.expires as `${number}h`,
});
process.stdout.write(`${token}\n`);
