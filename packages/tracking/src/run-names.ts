const ADJECTIVES = [
  'amber',
  'bold',
  'brisk',
  'calm',
  'clever',
  'crisp',
  'eager',
  'gentle',
  'keen',
  'lucid',
  'merry',
  'nimble',
  'quiet',
  'rapid',
  'steady',
  'sunny',
  'tidy',
  'vivid',
  'witty',
  'zesty',
];
const NOUNS = [
  'badger',
  'crane',
  'falcon',
  'fox',
  'heron',
  'ibex',
  'koala',
  'lynx',
  'marten',
  'newt',
  'otter',
  'owl',
  'panda',
  'quail',
  'raven',
  'seal',
  'stoat',
  'tern',
  'wolf',
  'yak',
];

function pick<T>(list: readonly T[]): T {
  return list[Math.floor(Math.random() * list.length)]!;
}

/** A readable random run name such as `keen-otter-417`, as MLflow gives unnamed runs. */
export function randomRunName(): string {
  return `${pick(ADJECTIVES)}-${pick(NOUNS)}-${Math.floor(Math.random() * 1000)}`;
}
