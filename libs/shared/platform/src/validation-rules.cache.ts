import { getMetadataStorage, type MetadataStorage } from 'class-validator';

type Lookup = MetadataStorage['getTargetValidationMetadatas'];
type Rules = ReturnType<Lookup>;
/** the class validated (a constructor) */
type Target = Parameters<Lookup>[0];

let installed = false;

/**
 * class-validator looks a class's rules up on every validation, walking every class that has rules
 * to find the inherited ones: with every service's DTOs in one process, ~50 classes for each body
 * (a fifth of a deduction's validation, docs/gateway-performance.md). Rules are declared as classes
 * load, so each class's lookup is kept until any rule is added. Lookups with groups are not kept.
 */
export function rememberValidationRules(): void {
  if (installed) return;
  installed = true;
  const storage = getMetadataStorage();
  const lookUp = storage.getTargetValidationMetadatas.bind(storage);
  const addRule = storage.addValidationMetadata.bind(storage);
  let remembered = new Map<Target, Map<string, Rules>>();
  storage.addValidationMetadata = (metadata) => {
    remembered = new Map();
    addRule(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    if (groups && groups.length > 0) return lookUp(target, schema, always, strictGroups, groups);
    let byOptions = remembered.get(target);
    if (!byOptions) remembered.set(target, (byOptions = new Map()));
    const options = `${schema}|${always}|${strictGroups}`;
    let rules = byOptions.get(options);
    if (!rules) byOptions.set(options, (rules = lookUp(target, schema, always, strictGroups, groups)));
    return rules;
  };
}
