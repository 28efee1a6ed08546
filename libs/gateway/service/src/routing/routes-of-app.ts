import { RequestMethod, type INestApplication, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { DeclaredRoutes } from './declared-routes';

/** Every route of the app's controllers, from their Nest metadata (controller path + method path). */
export function routesOf(app: INestApplication): DeclaredRoutes {
  const routes = new DeclaredRoutes();
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      const controller = metatype as Type | null;
      if (!controller) continue;
      const prefixes = [Reflect.getMetadata(PATH_METADATA, controller) ?? ''].flat() as string[];
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = Object.getOwnPropertyDescriptor(controller.prototype, name)?.value as unknown;
        if (typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        // A route that takes every method leaves nothing to refuse.
        if (method === undefined || paths === undefined || method === RequestMethod.ALL) continue;
        for (const prefix of prefixes) for (const path of [paths].flat()) routes.add(RequestMethod[method], `${prefix}/${path}`);
      }
    }
  }
  return routes;
}
