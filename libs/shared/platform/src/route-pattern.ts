/**
 * A route template (`v1/locations/:locationId/...`) as a regular expression source, each `:param`
 * one non-empty path segment (as the router matches it) captured in order of `names`.
 */
export function routePattern(template: string): { readonly source: string; readonly names: readonly string[] } {
  const names: string[] = [];
  const source = template
    .split(/(:\w+)/)
    .map((part) => {
      if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(part.slice(1));
      return '([^/]+)';
    })
    .join('');
  return { source, names };
}
