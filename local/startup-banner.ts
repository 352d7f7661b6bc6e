import { DEFAULT_API_PORT, DEFAULT_SNS_PORT } from './config';
import type { LocalMode } from './local-mode';

/** What `npm start` prints: endpoints, topic ARNs and commands that work as pasted. */
export function startupBanner(mode: LocalMode): string {
  const first = mode.datasets[0]?.name ?? 'passengers';
  const arn = mode.topicArn(first);
  const today = new Date().toISOString();
  const record = JSON.stringify({ passenger_id: 1001, flight_id: 42, name: 'Ada Lovelace', seat_number: '12A', boarded_at: today });
  const snsPort = new URL(mode.snsUrl).port;
  const apiPort = new URL(mode.apiUrl).port;
  const cliEnv = [
    snsPort === String(DEFAULT_SNS_PORT) ? '' : `LAKELINE_SNS_PORT=${snsPort} `,
    apiPort === String(DEFAULT_API_PORT) ? '' : `LAKELINE_API_PORT=${apiPort} `,
  ].join('');
  const lines = [
    '',
    'Lakeline local mode is running (Ctrl-C to stop).',
    '',
    `  SNS endpoint   ${mode.snsUrl}`,
    `  HTTP API       ${mode.apiUrl}   (no API key needed locally)`,
    `  API explorer   ${mode.apiUrl}/docs`,
    `  Data directory ${mode.dataDir}   (lake: ${mode.lakeDir})`,
    '',
    '  Topics:',
    ...mode.datasets.map((dataset) => `    ${mode.topicArn(dataset.name)}`),
    '',
    'Try it:',
    `  AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test aws sns publish --endpoint-url ${mode.snsUrl} --region us-east-1 --topic-arn ${arn} \\`,
    `    --message '${first === 'passengers' ? record : '{}'}'`,
    `  curl '${mode.apiUrl}/v1/datasets/${first}/records?limit=5'`,
    `  npx lakeline sample --dataset ${first} --records 1000 --days 3 --out sample.ndjson`,
    `  ${cliEnv}npx lakeline publish --dataset ${first} sample.ndjson`,
    `  ${cliEnv}npx lakeline query --dataset ${first} --limit 10`,
    '',
  ];
  return lines.join('\n');
}
