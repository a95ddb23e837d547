/** A repository's own `megatron/neox_arguments/neox_args.py`, declaring just `fields` (name: type). */
export function neoxArgsStub(fields: string[]): Record<string, string> {
  const lines = [
    "from dataclasses import dataclass",
    "",
    "@dataclass",
    "class NeoXArgsModel(NeoXArgsTemplate):",
    ...fields.map((f) => `    ${f} = None`),
    "",
  ];
  return { "megatron/neox_arguments/neox_args.py": lines.join("\n") };
}
