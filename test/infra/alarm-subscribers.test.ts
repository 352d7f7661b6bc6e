import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { STAGE_SETTINGS_CONTEXT_KEY } from '../../lib/stage-config';
import { documentedCdkCommands } from './documented-commands';
import { buildLakelineApp, cdkJsonContext, synthLakeline, withAlarmEmails } from './synth-lakeline';

const workflowProdDeploys = documentedCdkCommands().filter(
  (command) => command.source.startsWith('.github/workflows/') && command.context.stage === 'prod',
);

function emailEndpoints(template: Template): unknown[] {
  return Object.values(template.findResources('AWS::SNS::Subscription', { Properties: { Protocol: 'email' } })).map(
    (subscription) => subscription.Properties.Endpoint,
  );
}

describe('alarm subscribers', () => {
  it("are configured for every stage in cdk.json's context", () => {
    // Act
    const settings = cdkJsonContext[STAGE_SETTINGS_CONTEXT_KEY];

    // Assert
    expect(settings).toEqual({ dev: { alarmEmails: expect.any(Array) }, prod: { alarmEmails: expect.any(Array) } });
  });

  it('finds the prod deploy command of the workflows', () => {
    // Assert
    expect(workflowProdDeploys.length).toBeGreaterThan(0);
  });

  it.each(workflowProdDeploys)('stay subscribed when prod is deployed exactly as $source runs it', (command) => {
    // Prepare
    const { stack } = buildLakelineApp({ stage: 'prod', alarmEmail: 'ops@example.com', context: command.context });

    // Act
    const template = Template.fromStack(stack);

    // Assert
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: { Ref: Match.stringLikeRegexp('^AlarmNotificationsTopic') },
    });
  });

  it('subscribes every address configured for the stage and none of the other stage', () => {
    // Prepare
    const stages = { ...withAlarmEmails('prod', ['ops@example.com', 'oncall@example.com']), dev: { alarmEmails: ['dev@example.com'] } };

    // Act
    const prod = synthLakeline({ stage: 'prod', stageSettings: stages });

    // Assert
    expect(emailEndpoints(prod).sort()).toEqual(['oncall@example.com', 'ops@example.com']);
  });

  it('keeps the logical id the former -c alarmEmail gave the subscription, so switching does not replace it', () => {
    // Act
    const template = synthLakeline({ stage: 'prod', alarmEmail: 'ops@example.com' });

    // Assert
    expect(Object.keys(template.findResources('AWS::SNS::Subscription', { Properties: { Protocol: 'email' } }))).toEqual([
      'AlarmNotificationsTopicopsexamplecomB90A5B7E',
    ]);
  });

  it('refuses -c alarmEmail and says where the subscribers are configured', () => {
    // Act
    const build = () => buildLakelineApp({ stage: 'prod', context: { alarmEmail: 'ops@example.com' } });

    // Assert
    expect(build).toThrow(/-c alarmEmail is not accepted.*cdk\.json.*"lakeline:stages".*"prod".*"alarmEmails"/);
  });

  it('refuses stage settings given on the command line instead of in cdk.json', () => {
    // Act
    const build = () => buildLakelineApp({ stage: 'prod', context: { [STAGE_SETTINGS_CONTEXT_KEY]: '{"prod":{"alarmEmails":[]}}' } });

    // Assert
    expect(build).toThrow(/"lakeline:stages" must be an object in cdk\.json's context/);
  });

  it.each([
    {
      name: 'a malformed address',
      stages: { dev: { alarmEmails: [] }, prod: { alarmEmails: ['ops'] } },
      error: /"ops" is not an e-mail address/,
    },
    {
      name: 'an address listed twice',
      stages: { dev: { alarmEmails: [] }, prod: { alarmEmails: ['ops@example.com', 'ops@example.com'] } },
      error: /lists "ops@example.com" twice/,
    },
    { name: 'a stage without settings', stages: { dev: { alarmEmails: [] } }, error: /has no "prod" entry/ },
    {
      name: 'an unknown stage',
      stages: { dev: { alarmEmails: [] }, prod: { alarmEmails: [] }, staging: { alarmEmails: [] } },
      error: /unknown stage "staging"/,
    },
    {
      name: 'an unknown setting',
      stages: { dev: { alarmEmails: [] }, prod: { alarmEmail: 'ops@example.com' } },
      error: /unknown setting "alarmEmail"/,
    },
    {
      name: 'alarmEmails not a list',
      stages: { dev: { alarmEmails: [] }, prod: { alarmEmails: 'ops@example.com' } },
      error: /must be a list/,
    },
  ])('refuses settings with $name', ({ stages, error }) => {
    // Act
    const build = () => synthLakeline({ stage: 'prod', stageSettings: stages });

    // Assert
    expect(build).toThrow(error);
  });
});
