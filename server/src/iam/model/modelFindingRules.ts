/**
 * The finding codes of account models, authorization-details exports and test files, described like the validator's
 * rules so that SARIF and the rules reference (docs/rules.md) treat them alike: a code-scanning tool shows what a
 * finding is about, and an editor's link to its description lands on one. They never run on a policy: the model and
 * test-file readers, and the checks of a test against its model, report them; their severity is the reader's. Where a
 * reader reports what a validator rule checks in a policy (a key given twice, an unknown action), it uses that rule's id.
 */
import { describedCode, type Rule } from '../validator/rule';

export const MODEL_FINDING_RULES: readonly Rule[] = [
  describedCode('syntax', 'error', 'The file is not valid JSON (or JSON with comments) at this place; what follows may be read incompletely.'),
  describedCode('tooDeep', 'error', 'The JSON nests deeper than the 64 levels that are read, so the file is not read further.'),
  describedCode('wrongType', 'error', 'A value has the wrong JSON type for its place (a list where an object is expected, a number for a name).'),
  describedCode('singleNameForList', 'warning', 'A single name written where a list of names belongs (`"groups": "devs"`): it is read as a list of one.'),
  describedCode('unknownKey', 'error', 'A key the format does not define, most often a misspelling of one it does: its value is not read.'),
  describedCode('missingKey', 'error', 'A key the format requires here is missing (a test without an action, an OU without an id).'),
  describedCode('invalidValue', 'error', "A value the format does not allow here (a test's expected decision that is not one of the four)."),
  describedCode(
    'notAModel',
    'error',
    'A file given as an account model is a policy document (it has a Statement and no accounts) or a policy test file (it has tests and no accounts).',
  ),
  describedCode('emptyModel', 'warning', 'The model has neither accounts nor an organization: there is nothing to simulate.'),
  describedCode('invalidAccountId', 'error', 'An account id that is not twelve digits.'),
  describedCode('invalidOrganizationId', 'error', "An organization, root or OU id that is not in AWS's format."),
  describedCode('duplicateAccount', 'error', 'An account placed twice in the organization: an account has one place in it.'),
  describedCode(
    'duplicateResource',
    'warning',
    "A resource listed under two accounts: a resource has one owner, and the model uses the listing of the account later in its order (the organization's, then the accounts').",
  ),
  describedCode(
    'duplicateEntry',
    'warning',
    'A name listed again in one list (a group of a user, a policy attached to a principal by the same name, an SCP of an OU): IAM keeps one membership or attachment however often it is made, so the repeat adds nothing (it is read once), and was most often written where another name was meant.',
  ),
  describedCode('invalidArn', 'error', 'An ARN in the model that is not an ARN of the kind expected here.'),
  describedCode('invalidPath', 'warning', 'An IAM path that does not start and end with "/".'),
  describedCode('danglingReference', 'error', 'A name the model refers to (a group, a policy, an account, an OU) that it does not define.'),
  describedCode(
    'referencesNotChecked',
    'info',
    'A model or export file with JSON syntax errors: the names it refers to are checked once they are fixed, as what they name may lie past the error (a file cut short names policies it no longer holds). In the editor too, one syntax error anywhere in the file holds back every reference check in it, with its "did you mean" fix.',
  ),
  describedCode(
    'replacedEntity',
    'info',
    "A user, group or role defined in the model and in the account's export or templates: the model's definition is used.",
  ),
  describedCode(
    'invalidPolicy',
    'error',
    'A policy document the model names or holds cannot be read as a policy: it is neither an object nor a .json path, or its text does not parse.',
  ),
  describedCode(
    'unreadableFile',
    'error',
    'A file cannot be read (missing, not a regular file, not UTF-8): one named on the command line, or one a model or test file names, or a model that cannot be built (a template with a syntax error).',
  ),
  describedCode('invalidModel', 'error', "A test file's model has errors (listed with the model), so its tests are not run."),
  describedCode('invalidExport', 'error', "A file named as an account's authorization details is not the output of aws iam get-account-authorization-details."),
  describedCode('unknownAccount', 'warning', 'No ARN of an authorization-details export names its account, so 000000000000 stands for it.'),
  describedCode('accountMismatch', 'warning', 'An authorization-details export describes another account than the one it is merged into.'),
  describedCode('missingDocument', 'warning', 'A managed policy listed in an authorization-details export has no default version document.'),
  describedCode('duplicateTest', 'warning', 'Two tests of a test file share a name: a report about one cannot be told from the other.'),
  describedCode('modelHasErrors', 'warning', "The test file's model has errors, so its tests are not run until they are fixed."),
  describedCode(
    'unknownPrincipal',
    'error',
    'A test names a principal the model does not have (an error for an account the model describes, a warning otherwise).',
  ),
  describedCode(
    'principalPathDiffers',
    'warning',
    "A test names a user or role of the model by an ARN with another path than the model's: the test runs as the model's principal, whose ARN policies name.",
  ),
  describedCode(
    'unknownPolicyPrincipal',
    'warning',
    "A role's trust policy or a resource's policy names a user or role of an account the model describes that the model does not have: IAM refuses a policy naming a principal that does not exist, so it is a typo or the model is behind.",
  ),
  describedCode('catalogIncomplete', 'warning', 'A test asks about an action of a service the catalog knows only in part: the answer may lag AWS.'),
  describedCode('invalidResource', 'error', "A test's resource is not an ARN."),
  describedCode('resourceNotOfAction', 'warning', "A test's resource is of no type the action acts on, so AWS would not authorize the action on it."),
  describedCode('unknownContextKey', 'warning', 'A test gives a context key no service defines (often a misspelling): no policy can test it as written.'),
  describedCode('contextValueType', 'warning', "A test's context value is not of its key's type (a date, a number, an IP address)."),
];
