// The synthetic world of the demo: users, merchants, 60 days of card transactions and a day of live traffic in
// which a fraud ring starts working halfway through. Everything is drawn from one seed.
import { gaussian, seededRandom, sigmoid } from './random.ts';

export const DAY_MS = 86_400_000;
/** Day 0 of the history (UTC midnight). Live traffic is day `HISTORY_DAYS`. */
export const START_MS = Date.UTC(2026, 9, 1);
export const HISTORY_DAYS = 60;
export const LIVE_START_MS = START_MS + HISTORY_DAYS * DAY_MS;
/** An account younger than this is "new": the fraud ring uses new accounts. */
export const NEW_ACCOUNT_DAYS = 30;

/** World sizes; the defaults are what `npm run demo` uses. */
export interface WorldSize {
  users: number;
  merchants: number;
  transactions: number;
  /** Live requests before retraining (the drift starts at half of them). */
  liveBeforeRetrain: number;
  /** Live requests during the canary. */
  liveCanary: number;
  /** Live requests after the promotion. */
  liveAfter: number;
}

export const DEFAULT_SIZE: WorldSize = {
  users: 20_000,
  merchants: 1_000,
  transactions: 200_000,
  liveBeforeRetrain: 16_000,
  liveCanary: 10_000,
  liveAfter: 4_000,
};

export interface Users {
  id: Int32Array;
  /** Account creation time, epoch ms. */
  createdMs: Float64Array;
  /** Latent riskiness (never a feature; drives the label and activity). */
  risk: Float64Array;
  /** The user's typical amount. */
  baseAmount: Float64Array;
}

export interface Merchants {
  id: Int32Array;
  /** Latent riskiness; the `risk_score` feature is a noisy weekly reading of it. */
  risk: Float64Array;
}

/** Transactions as columns, sorted by time. */
export interface Transactions {
  transactionId: Float64Array;
  userIndex: Int32Array;
  merchantIndex: Int32Array;
  timeMs: Float64Array;
  amount: Float64Array;
  isFraud: Uint8Array;
}

export interface World {
  users: Users;
  merchants: Merchants;
  history: Transactions;
  /** Live traffic, in order; `driftAt` is the index of the first drifted request. */
  live: Transactions;
  driftAt: number;
}

/**
 * The known relationship between the world and the fraud label (log-odds). Before the drift: riskier merchants,
 * amounts far above the user's habit, risky users and new accounts. After it, a card-testing ring works through
 * new accounts with small amounts: for a new account the amount ratio now counts against fraud, not for it,
 * and the account's youth weighs far more.
 */
export function fraudLogit(
  merchantRisk: number,
  amountRatioLog: number,
  userRisk: number,
  newAccount: boolean,
  drifted: boolean,
): number {
  if (drifted && newAccount) return -2.2 + 0.9 * merchantRisk - 1.0 * amountRatioLog + 0.6 * userRisk;
  return -4.6 + 0.9 * merchantRisk + 1.1 * amountRatioLog + 0.6 * userRisk + (newAccount ? 1.2 : 0);
}

/** Builds the world from `seed`. */
export function makeWorld(size: WorldSize = DEFAULT_SIZE, seed = 42): World {
  const random = seededRandom(seed);
  const users = makeUsers(size.users, random);
  const merchants = makeMerchants(size.merchants, random);
  const userActivity = cumulative(
    Array.from(users.risk, (risk) => Math.exp(0.6 * gaussian(random) + 0.3 * risk)),
  );
  const merchantPopularity = cumulative(
    Array.from({ length: size.merchants }, () => Math.exp(0.8 * gaussian(random))),
  );

  const historyTimes = Float64Array.from(
    { length: size.transactions },
    () => START_MS + random() * HISTORY_DAYS * DAY_MS,
  ).sort();
  const history = emptyTransactions(size.transactions);
  for (let row = 0; row < size.transactions; row++) {
    const time = historyTimes[row]!;
    let user = pick(userActivity, random);
    while (users.createdMs[user]! > time) user = pick(userActivity, random);
    fill(history, row, time, user, pick(merchantPopularity, random), 1, false, random, users, merchants);
  }

  // New accounts with some history: the fraud ring's accounts after the drift.
  const lastSeen = new Float64Array(size.users).fill(-1);
  for (let row = 0; row < size.transactions; row++) lastSeen[history.userIndex[row]!] = history.timeMs[row]!;
  const ringAccounts = cumulative(
    Array.from(users.createdMs, (created, user) =>
      lastSeen[user]! > 0 && LIVE_START_MS - created < NEW_ACCOUNT_DAYS * DAY_MS ? 1 : 0,
    ),
  );

  const liveCount = size.liveBeforeRetrain + size.liveCanary + size.liveAfter;
  const driftAt = Math.floor(size.liveBeforeRetrain / 2);
  const live = emptyTransactions(liveCount);
  for (let row = 0; row < liveCount; row++) {
    const time = LIVE_START_MS + (row / liveCount) * DAY_MS;
    const drifted = row >= driftAt;
    const ring = drifted && random() < 0.5;
    let user = pick(ring ? ringAccounts : userActivity, random);
    while (lastSeen[user]! < 0) user = pick(userActivity, random);
    fill(
      live,
      row,
      time,
      user,
      pick(merchantPopularity, random),
      ring ? 0.35 : 1,
      drifted,
      random,
      users,
      merchants,
    );
  }
  for (let row = 0; row < liveCount; row++) live.transactionId[row] = size.transactions + row + 1;
  return { users, merchants, history, live, driftAt };
}

function makeUsers(count: number, random: () => number): Users {
  const users: Users = {
    id: new Int32Array(count),
    createdMs: new Float64Array(count),
    risk: new Float64Array(count),
    baseAmount: new Float64Array(count),
  };
  for (let user = 0; user < count; user++) {
    users.id[user] = user + 1;
    const days = random() < 0.1 ? HISTORY_DAYS - 5 - random() * 60 : -30 - random() * 1470;
    users.createdMs[user] = START_MS + Math.floor(days) * DAY_MS + Math.floor(random() * DAY_MS);
    users.risk[user] = gaussian(random);
    users.baseAmount[user] = Math.exp(3.4 + 0.6 * gaussian(random));
  }
  return users;
}

function makeMerchants(count: number, random: () => number): Merchants {
  return {
    id: Int32Array.from({ length: count }, (_, merchant) => merchant + 1),
    risk: Float64Array.from({ length: count }, () => gaussian(random)),
  };
}

function emptyTransactions(rows: number): Transactions {
  return {
    transactionId: Float64Array.from({ length: rows }, (_, row) => row + 1),
    userIndex: new Int32Array(rows),
    merchantIndex: new Int32Array(rows),
    timeMs: new Float64Array(rows),
    amount: new Float64Array(rows),
    isFraud: new Uint8Array(rows),
  };
}

function fill(
  into: Transactions,
  row: number,
  time: number,
  user: number,
  merchant: number,
  amountFactor: number,
  drifted: boolean,
  random: () => number,
  users: Users,
  merchants: Merchants,
): void {
  const amount =
    Math.round(users.baseAmount[user]! * amountFactor * Math.exp(0.6 * gaussian(random)) * 100) / 100 + 0.01;
  const newAccount = time - users.createdMs[user]! < NEW_ACCOUNT_DAYS * DAY_MS;
  const logit = fraudLogit(
    merchants.risk[merchant]!,
    Math.log(amount / users.baseAmount[user]!),
    users.risk[user]!,
    newAccount,
    drifted,
  );
  into.userIndex[row] = user;
  into.merchantIndex[row] = merchant;
  into.timeMs[row] = Math.floor(time);
  into.amount[row] = amount;
  into.isFraud[row] = random() < sigmoid(logit) ? 1 : 0;
}

function cumulative(weights: ArrayLike<number>): Float64Array {
  const sums = new Float64Array(weights.length);
  let total = 0;
  for (let index = 0; index < weights.length; index++) {
    total += weights[index]!;
    sums[index] = total;
  }
  return sums;
}

/** An index drawn with probability proportional to its weight (binary search over the running sums). */
function pick(sums: Float64Array, random: () => number): number {
  const target = random() * sums[sums.length - 1]!;
  let low = 0;
  let high = sums.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sums[middle]! <= target) low = middle + 1;
    else high = middle;
  }
  return low;
}
