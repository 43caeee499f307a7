/**
 * How `prices refresh` finds each row of the price table in the AWS Price List API (GetProducts).
 *
 * Attribute names and values follow the Price List API's product attributes; every query is narrowed to exactly one
 * product before its price is taken, so an ambiguous or renamed product leaves the row untouched (and reported)
 * instead of writing a wrong price.
 */
export interface PriceQuery {
  /** Price List service code, e.g. `AmazonEC2`. */
  readonly serviceCode: string;
  /** Exact attribute matches (TERM_MATCH), besides the region. */
  readonly equals?: Readonly<Record<string, string>>;
  /** Attributes that must contain a value (CONTAINS), e.g. a usage type without its region prefix. */
  readonly contains?: Readonly<Record<string, string>>;
  /** Attributes that carry the region (default `regionCode`; `fromRegionCode` and `toRegionCode` for transfer). */
  readonly regionAttributes?: readonly string[];
  /** Price dimension unit the API must report (e.g. `Hrs`, `GB-Mo`). */
  readonly apiUnit: string;
  /** Table unit = API unit × this (e.g. 1000 for per-request prices stored per 1000 requests). */
  readonly multiplier?: number;
  /** Take the first tier with a non-zero price (free tiers), instead of the tier starting at 0. */
  readonly firstPaidTier?: boolean;
}

const ec2Instance = (instanceType: string): PriceQuery => ({
  serviceCode: 'AmazonEC2',
  equals: { instanceType, operatingSystem: 'Linux', tenancy: 'Shared', preInstalledSw: 'NA', capacitystatus: 'Used', licenseModel: 'No License required' },
  apiUnit: 'Hrs',
});

const mskBroker = (instanceType: string): PriceQuery => ({
  serviceCode: 'AmazonMSK',
  equals: { instanceType },
  contains: { usagetype: 'Kafka.' },
  apiUnit: 'Hrs',
});

/** The Price List query of each refreshable row id. Rows without one are kept as entered. */
export const PRICE_QUERIES: Readonly<Record<string, PriceQuery>> = {
  'eks.cluster.standard': { serviceCode: 'AmazonEKS', contains: { usagetype: 'AmazonEKS-Hours:perCluster' }, apiUnit: 'Hours' },
  'eks.cluster.extended': { serviceCode: 'AmazonEKS', contains: { usagetype: 'AmazonEKS-Hours:extendedSupport' }, apiUnit: 'Hours' },
  'ec2.m6i.large': ec2Instance('m6i.large'),
  'ec2.m7g.large': ec2Instance('m7g.large'),
  'ec2.m7g.xlarge': ec2Instance('m7g.xlarge'),
  'ec2.m7g.2xlarge': ec2Instance('m7g.2xlarge'),
  'ec2.m7g.4xlarge': ec2Instance('m7g.4xlarge'),
  'ebs.gp3.storage': { serviceCode: 'AmazonEC2', equals: { productFamily: 'Storage', volumeApiName: 'gp3' }, apiUnit: 'GB-Mo' },
  'msk.broker.kafka.t3.small': mskBroker('kafka.t3.small'),
  'msk.broker.kafka.m5.large': mskBroker('kafka.m5.large'),
  'msk.broker.kafka.m7g.large': mskBroker('kafka.m7g.large'),
  'msk.broker.kafka.m7g.xlarge': mskBroker('kafka.m7g.xlarge'),
  'msk.broker.kafka.m7g.2xlarge': mskBroker('kafka.m7g.2xlarge'),
  'msk.broker.kafka.m7g.4xlarge': mskBroker('kafka.m7g.4xlarge'),
  'msk.storage': { serviceCode: 'AmazonMSK', contains: { usagetype: 'Kafka.Storage.GP2' }, apiUnit: 'GB-Mo' },
  // Usage type of the tiered storage tier as the Price List API names it: not checked offline.
  'msk.tiered-storage': { serviceCode: 'AmazonMSK', contains: { usagetype: 'Kafka.TieredStorage' }, apiUnit: 'GB-Mo' },
  'msk.serverless.cluster': { serviceCode: 'AmazonMSK', contains: { usagetype: 'Kafka.Serverless.Cluster' }, apiUnit: 'Hours' },
  'msk.serverless.partition': { serviceCode: 'AmazonMSK', contains: { usagetype: 'Kafka.Serverless.Partition' }, apiUnit: 'Hours' },
  'msk.serverless.data-in': { serviceCode: 'AmazonMSK', contains: { usagetype: 'Kafka.Serverless.DataIn' }, apiUnit: 'GB' },
  'msk.serverless.data-out': { serviceCode: 'AmazonMSK', contains: { usagetype: 'Kafka.Serverless.DataOut' }, apiUnit: 'GB' },
  'msk.serverless.storage': { serviceCode: 'AmazonMSK', contains: { usagetype: 'Kafka.Serverless.Storage' }, apiUnit: 'GB-Mo' },
  'msf.kpu': { serviceCode: 'AmazonKinesisAnalytics', contains: { usagetype: 'KPU-Hour-Java' }, apiUnit: 'Hours' },
  'msf.running-storage': { serviceCode: 'AmazonKinesisAnalytics', contains: { usagetype: 'RunningApplicationStorage' }, apiUnit: 'GB-Mo' },
  'msf.backup': { serviceCode: 'AmazonKinesisAnalytics', contains: { usagetype: 'DurableApplicationBackups' }, apiUnit: 'GB-Mo' },
  's3.standard.storage': { serviceCode: 'AmazonS3', equals: { storageClass: 'General Purpose', volumeType: 'Standard' }, apiUnit: 'GB-Mo' },
  's3.standard.put': { serviceCode: 'AmazonS3', equals: { group: 'S3-API-Tier1' }, apiUnit: 'Requests', multiplier: 1000 },
  'glue.catalog.storage': { serviceCode: 'AWSGlue', contains: { usagetype: 'Catalog-Storage' }, apiUnit: 'Obj-Mo', multiplier: 100_000, firstPaidTier: true },
  'glue.catalog.requests': { serviceCode: 'AWSGlue', contains: { usagetype: 'Catalog-Request' }, apiUnit: 'Requests', multiplier: 1_000_000, firstPaidTier: true },
  'vpc.nat.hour': { serviceCode: 'AmazonEC2', equals: { productFamily: 'NAT Gateway' }, contains: { usagetype: 'NatGateway-Hours' }, apiUnit: 'Hrs' },
  'vpc.nat.data': { serviceCode: 'AmazonEC2', equals: { productFamily: 'NAT Gateway' }, contains: { usagetype: 'NatGateway-Bytes' }, apiUnit: 'GB' },
  'vpc.endpoint.hour': { serviceCode: 'AmazonVPC', contains: { usagetype: 'VpcEndpoint-Hours' }, apiUnit: 'Hrs' },
  'transfer.inter-az': { serviceCode: 'AWSDataTransfer', equals: { transferType: 'IntraRegion' }, regionAttributes: ['fromRegionCode', 'toRegionCode'], apiUnit: 'GB' },
};
