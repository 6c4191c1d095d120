import { InvalidInputError } from '../errors.ts';
import type { Command } from './command.ts';
import { parseRegistryFlags, resolveManifest } from './registry-flags.ts';

/** `clairless manifest IMAGE...`: one Clair manifest JSON document per image, as clairctl prints them. */
export const runManifest: Command = async (_config, _log, args, io) => {
  const { flags, rest } = parseRegistryFlags(args);
  const unknown = rest.find((arg) => arg.startsWith('-'));
  if (unknown !== undefined) throw new InvalidInputError(`manifest: unknown flag ${unknown}`);
  if (rest.length === 0) throw new InvalidInputError('manifest: name at least one image');
  for (const image of rest) {
    const manifest = await resolveManifest(image, flags, io.env, io.readStdin);
    io.stdout.write(`${JSON.stringify(manifest)}\n`);
  }
  return 0;
};
