// The AWS SDK for JavaScript v3 against a running iamulator server with every request checked.
// Run by tests/server/clients/test_js_sdk.py, which starts the server and passes its address in
// IAMULATOR_ENDPOINT; the root user's key comes in ROOT_ACCESS_KEY_ID / ROOT_SECRET_ACCESS_KEY.
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { before, test } from "node:test";

import {
  CreateTableCommand, DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import {
  AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateRoleCommand,
  CreateUserCommand, IAMClient,
} from "@aws-sdk/client-iam";
import {
  CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command,
  PutObjectCommand, S3Client,
} from "@aws-sdk/client-s3";
import {
  CreateQueueCommand, DeleteQueueCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient,
} from "@aws-sdk/client-sqs";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";

const endpoint = process.env.IAMULATOR_ENDPOINT;
const region = "us-east-1";
const account = "123456789012";
const userName = "js-user";
const userArn = `arn:aws:iam::${account}:user/${userName}`;
const bucket = "js-bucket";
const queue = "js-queue";
const table = "js-table";
const role = "js-role";

const rootKey = {
  accessKeyId: process.env.ROOT_ACCESS_KEY_ID,
  secretAccessKey: process.env.ROOT_SECRET_ACCESS_KEY,
};

function clients(credentials) {
  const common = { endpoint, region, credentials, maxAttempts: 1 };
  return {
    s3: new S3Client({ ...common, forcePathStyle: true }),
    sqs: new SQSClient(common),
    ddb: new DynamoDBClient(common),
    sts: new STSClient(common),
    iam: new IAMClient(common),
  };
}

// CRC32 (IEEE), base64 of its four big-endian bytes as S3 reports it.
function crc32(bytes) {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  const out = Buffer.alloc(4);
  out.writeUInt32BE(~crc >>> 0);
  return out.toString("base64");
}

// AWS's message for an action no identity-based policy allows, in each service's wording:
// S3 quotes the resource, SQS lower-cases the action.
function denied(action, resource) {
  const service = action.split(":")[0];
  const what = service === "sqs" ? action.toLowerCase() : action;
  const on = service === "s3" ? `"${resource}"` : resource;
  return `User: ${userArn} is not authorized to perform: ${what} on resource: ${on}` +
    ` because no identity-based policy allows the ${what} action`;
}

// What a rejected call looked like on the wire: the SDK's error name, status and message.
async function failure(promise) {
  try {
    await promise;
  } catch (err) {
    return { name: err.name, status: err.$metadata?.httpStatusCode, message: err.message };
  }
  assert.fail("the call was expected to be refused");
}

const root = clients(rootKey);
let userKey;
let user;
let queueUrl;

before(async () => {
  await root.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  queueUrl = (await root.sqs.send(new CreateQueueCommand({ QueueName: queue }))).QueueUrl;
  await root.ddb.send(new CreateTableCommand({
    TableName: table, BillingMode: "PAY_PER_REQUEST",
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
  }));
  await root.iam.send(new CreateRoleCommand({
    RoleName: role,
    AssumeRolePolicyDocument: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "sts:AssumeRole" }],
    }),
  }));
  await root.iam.send(new CreateUserCommand({ UserName: userName }));
  const policy = await root.iam.send(new CreatePolicyCommand({
    PolicyName: "js-narrow",
    PolicyDocument: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: ["s3:PutObject", "s3:GetObject"], Resource: `arn:aws:s3:::${bucket}/*` },
        { Effect: "Allow", Action: "s3:ListBucket", Resource: `arn:aws:s3:::${bucket}` },
        { Effect: "Allow", Action: ["sqs:SendMessage", "sqs:ReceiveMessage"],
          Resource: `arn:aws:sqs:${region}:${account}:${queue}` },
        { Effect: "Allow", Action: ["dynamodb:PutItem", "dynamodb:GetItem"],
          Resource: `arn:aws:dynamodb:${region}:${account}:table/${table}` },
      ],
    }),
  }));
  await root.iam.send(new AttachUserPolicyCommand({ UserName: userName, PolicyArn: policy.Policy.Arn }));
  const key = (await root.iam.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey;
  userKey = { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
  user = clients(userKey);
});

test("STS names the caller", async () => {
  const me = await user.sts.send(new GetCallerIdentityCommand({}));
  assert.equal(me.Arn, userArn);
  assert.equal(me.Account, account);
  const rootMe = await root.sts.send(new GetCallerIdentityCommand({}));
  assert.equal(rootMe.Arn, `arn:aws:iam::${account}:root`);
});

test("S3 put, get and list as the user, with a CRC32 checksum in the header", async () => {
  const put = await user.s3.send(new PutObjectCommand({ Bucket: bucket, Key: "small.txt", Body: "hello from js" }));
  assert.equal(put.ChecksumCRC32, crc32(Buffer.from("hello from js")));
  const got = await user.s3.send(new GetObjectCommand({ Bucket: bucket, Key: "small.txt" }));
  assert.equal(await got.Body.transformToString(), "hello from js");
  const listed = await user.s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  assert.deepEqual(listed.Contents.map((o) => [o.Key, o.Size]), [["small.txt", 13]]);
});

test("S3 aws-chunked upload with a trailing CRC32 (STREAMING-UNSIGNED-PAYLOAD-TRAILER)", async () => {
  // A stream body makes the SDK send aws-chunked content with the checksum in a trailer.
  const body = Buffer.alloc(200 * 1024, "0123456789abcdef");
  const s3 = clients(userKey).s3;  // its own client: the recording middleware stays out of other tests
  const sent = {};
  s3.middlewareStack.add((next) => async (args) => {
    Object.assign(sent, args.request.headers);
    return next(args);
  }, { step: "finalizeRequest", name: "recordSentHeaders" });
  const put = await s3.send(new PutObjectCommand({
    Bucket: bucket, Key: "streamed.bin", Body: Readable.from([body.subarray(0, 70000), body.subarray(70000)]),
    ContentLength: body.length,
  }));
  assert.equal(sent["x-amz-content-sha256"], "STREAMING-UNSIGNED-PAYLOAD-TRAILER");
  assert.equal(sent["content-encoding"], "aws-chunked");
  assert.equal(sent["x-amz-trailer"], "x-amz-checksum-crc32");
  assert.equal(put.ChecksumCRC32, crc32(body));
  const got = await user.s3.send(new GetObjectCommand({ Bucket: bucket, Key: "streamed.bin", ChecksumMode: "ENABLED" }));
  const bytes = Buffer.from(await got.Body.transformToByteArray());
  assert.equal(bytes.length, body.length);
  assert.ok(bytes.equals(body), "the object holds the decoded bytes, not the aws-chunked framing");
  assert.equal(got.ChecksumCRC32, put.ChecksumCRC32);
  assert.equal(got.ContentLength, body.length);
});

test("S3 refuses what the policy does not allow", async () => {
  const err = await failure(user.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "small.txt" })));
  assert.deepEqual(err, {
    name: "AccessDenied", status: 403,
    message: denied("s3:DeleteObject", `arn:aws:s3:::${bucket}/small.txt`),
  });
  const other = await failure(user.s3.send(new PutObjectCommand({ Bucket: "js-other", Key: "k", Body: "x" })));
  assert.deepEqual(other, {
    name: "AccessDenied", status: 403, message: denied("s3:PutObject", "arn:aws:s3:::js-other/k"),
  });
});

test("SQS send and receive as the user; other actions refused", async () => {
  const sent = await user.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: "from js" }));
  assert.match(sent.MessageId, /^[0-9a-f-]{36}$/);
  const got = await user.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
  assert.deepEqual(got.Messages.map((m) => m.Body), ["from js"]);
  const err = await failure(user.sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl })));
  assert.deepEqual(err, {
    name: "AccessDenied", status: 403,
    message: denied("sqs:DeleteQueue", `arn:aws:sqs:${region}:${account}:${queue}`),
  });
});

test("DynamoDB put and get as the user; other actions refused", async () => {
  await user.ddb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: "1" }, n: { N: "42" } } }));
  const got = await user.ddb.send(new GetItemCommand({ TableName: table, Key: { pk: { S: "1" } } }));
  assert.deepEqual(got.Item, { pk: { S: "1" }, n: { N: "42" } });
  const err = await failure(user.ddb.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: "1" } } })));
  assert.deepEqual(err, {
    name: "AccessDeniedException", status: 400,
    message: denied("dynamodb:DeleteItem", `arn:aws:dynamodb:${region}:${account}:table/${table}`),
  });
});

test("STS AssumeRole and IAM are refused to the narrow user", async () => {
  const roleArn = `arn:aws:iam::${account}:role/${role}`;
  const err = await failure(user.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "js-session" })));
  assert.deepEqual(err, { name: "AccessDenied", status: 403, message: denied("sts:AssumeRole", roleArn) });
  const iamErr = await failure(user.iam.send(new CreateUserCommand({ UserName: "js-intruder" })));
  assert.deepEqual(iamErr, {
    name: "AccessDenied", status: 403,
    message: denied("iam:CreateUser", `arn:aws:iam::${account}:user/js-intruder`),
  });
  // The root user may assume the role its trust policy names.
  const creds = await root.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "js-session" }));
  assert.match(creds.Credentials.AccessKeyId, /^ASIA/);
});

test("a wrong secret is refused with SignatureDoesNotMatch", async () => {
  const forged = clients({ accessKeyId: rootKey.accessKeyId, secretAccessKey: "not-the-secret" });
  const err = await failure(forged.sts.send(new GetCallerIdentityCommand({})));
  assert.equal(err.name, "SignatureDoesNotMatch");
  assert.equal(err.status, 403);
});
