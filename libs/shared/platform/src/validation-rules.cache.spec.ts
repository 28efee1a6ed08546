import 'reflect-metadata';
import { IsDefined, IsInt, IsString, getMetadataStorage, validate } from 'class-validator';
import { rememberValidationRules } from './validation-rules.cache';

class Base {
  @IsString()
  name!: string;
}

class Child extends Base {
  @IsInt()
  count!: number;
}

/** The fields a body is refused for, as the strict validation pipe validates it, or [] when valid. */
async function refusedFields(body: object): Promise<string[]> {
  const errors = await validate(Object.assign(new Child(), body), { whitelist: true, forbidNonWhitelisted: true });
  return errors.map((error) => error.property).sort();
}

describe('rememberValidationRules', () => {
  beforeAll(() => rememberValidationRules());

  it('gives a class the same rules twice without looking them up again', () => {
    const storage = getMetadataStorage();
    const first = storage.getTargetValidationMetadatas(Child, '', false, false);
    expect(first.map((rule) => `${rule.propertyName}:${rule.type}`).sort()).toEqual(['count:customValidation', 'name:customValidation']);
    expect(storage.getTargetValidationMetadatas(Child, '', false, false)).toBe(first);
  });

  it('still applies inherited rules and refuses unknown fields', async () => {
    await expect(refusedFields({ name: 'a', count: 1 })).resolves.toEqual([]);
    await expect(refusedFields({ name: 1, count: 'x', extra: true })).resolves.toEqual(['count', 'extra', 'name']);
  });

  it('forgets what it kept when a rule is added, so a rule declared later applies to subclasses too', async () => {
    await expect(refusedFields({ name: 'a', count: 1 })).resolves.toEqual([]);
    IsDefined()(Base.prototype, 'since');
    await expect(refusedFields({ name: 'a', count: 1 })).resolves.toEqual(['since']);
  });
});
