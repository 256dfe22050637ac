// CloudFormation templates the template-fix tests edit: one role, app, whose inline policy `data` is what they give.

/** The template with `policyLines` after the policy's Version (YAML, indented for it), then `after` (other resources). */
export function yamlRoleTemplate(policyLines: readonly string[], eol = '\n', after: readonly string[] = []): string {
  return [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  App:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      RoleName: app',
    '      AssumeRolePolicyDocument:',
    '        Statement: [{ Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: sts:AssumeRole }]',
    '      Policies:',
    '        - PolicyName: data',
    '          PolicyDocument:',
    '            Version: "2012-10-17"',
    ...policyLines,
    ...after,
    '',
  ].join(eol);
}

/** The same role as a JSON template, two-space indented, its policy's Statement list `statements`. */
export function jsonRoleTemplate(statements: readonly unknown[]): string {
  const role = {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: 'app',
      AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      Policies: [{ PolicyName: 'data', PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
    },
  };
  return JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { App: role } }, null, 2);
}
