/**
 * The part of BigCommerce's GraphQL Storefront schema the emulator serves, as SDL: each type, field, argument and enum
 * value below is copied unchanged (descriptions included) from the official `schema.graphql` of the spec folder
 * (test/bigcommerce-specs.txt), keeping only the fields the emulator answers. It lives in the package because the
 * emulator ships without the spec folder; test/node/emulator/graphql-sdl.test.ts checks it against the official file.
 * `Mutation.login` is left out here: storefront-overlay.ts declares it with the official arguments plus the
 * `guestCartEntityId` documented since (an argument cannot be added with `extend type`).
 */
export const STOREFRONT_SDL = `
type Query {
  """A site"""
  site: Site!
  """The currently logged in customer."""
  customer: Customer
}

"""A site"""
type Site {
  """A single product object with variant pricing overlay capabilities."""
  product(
    """Product global id filter."""
    id: ID
    """Product id filter."""
    entityId: Int
    """Product filter by variant id."""
    variantEntityId: Int
    """A variant option value ids filter."""
    optionValueIds: [OptionValueId!] = []
    """Product filter by sku."""
    sku: String
    """
    When set to True, returns products with default option selection overlay if one exists. Otherwise returns a base product. Defaults to False
    """
    useDefaultOptionSelections: Boolean
  ): Product
}

"""An object with an ID"""
interface Node {
  """The id of the object."""
  id: ID!
}

"""Product"""
type Product implements Node {
  """The ID of an object"""
  id: ID!
  """Id of the product."""
  entityId: Int!
  """Default product variant when no options are selected."""
  sku: String!
  """Name of the product."""
  name: String!
  """
  Prices object determined by supplied product ID, variant ID, and selected option IDs.
  """
  prices(
    """Tax will be included if enabled"""
    includeTax: Boolean = false
    """Please select a currency"""
    currencyCode: currencyCode
  ): Prices
}

"""The various prices that can be set on a product."""
type Prices {
  """
  Calculated price of the product.  Calculated price takes into account basePrice, salePrice, rules (modifier, option, option set) that apply to the product configuration, and customer group discounts.  It represents the in-cart price for a product configuration without bulk pricing rules.
  """
  price: Money!
  """Sale price of the product."""
  salePrice: Money
  """Original price of the product."""
  basePrice: Money
  """Retail price of the product."""
  retailPrice: Money
  """Minimum advertised price of the product."""
  mapPrice: Money
  """Product price min/max range."""
  priceRange: MoneyRange!
  """Product retail price min/max range."""
  retailPriceRange: MoneyRange
  """
  The difference between the retail price (MSRP) and the current price, which can be presented to the shopper as their savings.
  """
  saved: Money
  """List of bulk pricing tiers applicable to a product or variant."""
  bulkPricing: [BulkPricingTier!]!
}

"""A money object - includes currency code and a money amount"""
type Money {
  """Currency code of the current money."""
  currencyCode: String!
  """The amount of money."""
  value: BigDecimal!
}

"""A min and max pair of money objects"""
type MoneyRange {
  """Minimum money object."""
  min: Money!
  """Maximum money object."""
  max: Money!
}

"""
A set of bulk pricing tiers that define price discounts which apply when purchasing specified quantities of a product or variant.
"""
interface BulkPricingTier {
  """Minimum item quantity that applies to this bulk pricing tier."""
  minimumQuantity: Int!
  """
  Maximum item quantity that applies to this bulk pricing tier - if not defined then the tier does not have an upper bound.
  """
  maximumQuantity: Int
}

"""Bulk pricing tier that sets a fixed price for the product or variant."""
type BulkPricingFixedPriceDiscount implements BulkPricingTier {
  """This price will override the current product price."""
  price: BigDecimal!
  """Minimum item quantity that applies to this bulk pricing tier."""
  minimumQuantity: Int!
  """
  Maximum item quantity that applies to this bulk pricing tier - if not defined then the tier does not have an upper bound.
  """
  maximumQuantity: Int
}

"""
Bulk pricing tier that reduces the price of the product or variant by a percentage.
"""
type BulkPricingPercentageDiscount implements BulkPricingTier {
  """The percentage that will be removed from the product price."""
  percentOff: BigDecimal!
  """Minimum item quantity that applies to this bulk pricing tier."""
  minimumQuantity: Int!
  """
  Maximum item quantity that applies to this bulk pricing tier - if not defined then the tier does not have an upper bound.
  """
  maximumQuantity: Int
}

"""
Bulk pricing tier that will subtract an amount from the price of the product or variant.
"""
type BulkPricingRelativePriceDiscount implements BulkPricingTier {
  """
  The price of the product/variant will be reduced by this priceAdjustment.
  """
  priceAdjustment: BigDecimal!
  """Minimum item quantity that applies to this bulk pricing tier."""
  minimumQuantity: Int!
  """
  Maximum item quantity that applies to this bulk pricing tier - if not defined then the tier does not have an upper bound.
  """
  maximumQuantity: Int
}

"""A customer that shops on a store"""
type Customer {
  """The ID of the customer."""
  entityId: Int!
  """The company name of the customer."""
  company: String!
  """The customer group id of the customer."""
  customerGroupId: Int!
  """The email address of the customer."""
  email: String!
  """The first name of the customer."""
  firstName: String!
  """The last name of the customer."""
  lastName: String!
  """The phone number of the customer."""
  phone: String!
}

type Mutation {
  """The Cart mutations."""
  cart: CartMutations!
  # login: in storefront-overlay.ts, with the guestCartEntityId argument documented since.
  """Customer logout"""
  logout: LogoutResult!
}

"""Login result."""
type LoginResult {
  """The result of a login"""
  result: String! @deprecated(reason: "Use customer node instead.")
  """The currently logged in customer."""
  customer: Customer
}

"""An error object, indicating what went wrong with a mutation."""
interface Error {
  """A description of the error"""
  message: String!
}

"""Logout result"""
type LogoutResult {
  """The result of a logout"""
  result: String!
}

"""Cart mutations"""
type CartMutations {
  """Create single-use redirect URLs for a cart."""
  createCartRedirectUrls(
    """Create cart redirect URLs input object."""
    input: CreateCartRedirectUrlsInput
  ): CreateCartRedirectUrlsResult!
}

"""Create cart redirect URLs input object."""
input CreateCartRedirectUrlsInput {
  """The cart id to create the redirect URLs for."""
  cartEntityId: String

  """The query parameters to pass when redirecting to the URLs."""
  queryParams: [CreateCartRedirectUrlsQueryParamsInput!]
}

"""Create cart redirect URLs query params input object."""
input CreateCartRedirectUrlsQueryParamsInput {
  """The key of the query parameter to pass."""
  key: String!

  """The value of the query parameter to pass."""
  value: String!
}

"""Create cart redirect URLs result"""
type CreateCartRedirectUrlsResult {
  """The redirect URLs created as a result of the mutation."""
  redirectUrls: CartRedirectUrls
}

"""Cart redirect URLs."""
type CartRedirectUrls {
  """
  The single-use URL to the BigCommerce hosted checkout for the cart. Should be generated just-in-time (within 30s).
  """
  redirectedCheckoutUrl: String!
  """
  The single-use URL to the embedded checkout for the cart. Should be generated just-in-time (within 30s).
  """
  embeddedCheckoutUrl: String!
}

"""A variant option value id input object"""
input OptionValueId {
  """A variant option id filter"""
  optionEntityId: Int!

  """A variant value id filter."""
  valueEntityId: Int!
}

"""Currency Code"""
enum currencyCode {
  ADP
  AED
  AFA
  AFN
  ALK
  ALL
  AMD
  ANG
  AOA
  AOK
  AON
  AOR
  ARA
  ARL
  ARM
  ARP
  ARS
  ATS
  AUD
  AWG
  AZM
  AZN
  BAD
  BAM
  BAN
  BBD
  BDT
  BEC
  BEF
  BEL
  BGL
  BGM
  BGN
  BGO
  BHD
  BIF
  BMD
  BND
  BOB
  BOL
  BOP
  BOV
  BRB
  BRC
  BRE
  BRL
  BRN
  BRR
  BRZ
  BSD
  BTN
  BUK
  BWP
  BYB
  BYN
  BYR
  BZD
  CAD
  CDF
  CHE
  CHF
  CHW
  CLE
  CLF
  CLP
  CNX
  CNY
  COP
  COU
  CRC
  CSD
  CSK
  CUC
  CUP
  CVE
  CYP
  CZK
  DDM
  DEM
  DJF
  DKK
  DOP
  DZD
  ECS
  ECV
  EEK
  EGP
  ERN
  ESA
  ESB
  ESP
  ETB
  EUR
  FIM
  FJD
  FKP
  FRF
  GBP
  GEK
  GEL
  GHC
  GHS
  GIP
  GMD
  GNF
  GNS
  GQE
  GRD
  GTQ
  GWE
  GWP
  GYD
  HKD
  HNL
  HRD
  HRK
  HTG
  HUF
  IDR
  IEP
  ILP
  ILR
  ILS
  INR
  IQD
  IRR
  ISJ
  ISK
  ITL
  JMD
  JOD
  JPY
  KES
  KGS
  KHR
  KMF
  KPW
  KRH
  KRO
  KRW
  KWD
  KYD
  KZT
  LAK
  LBP
  LKR
  LRD
  LSL
  LTL
  LTT
  LUC
  LUF
  LUL
  LVL
  LVR
  LYD
  MAD
  MAF
  MCF
  MDC
  MDL
  MGA
  MGF
  MKD
  MKN
  MLF
  MMK
  MNT
  MOP
  MRO
  MTL
  MTP
  MUR
  MVP
  MVR
  MWK
  MXN
  MXP
  MXV
  MYR
  MZE
  MZM
  MZN
  NAD
  NGN
  NIC
  NIO
  NLG
  NOK
  NPR
  NZD
  OMR
  PAB
  PEI
  PEN
  PES
  PGK
  PHP
  PKR
  PLN
  PLZ
  PTE
  PYG
  QAR
  RHD
  ROL
  RON
  RSD
  RUB
  RUR
  RWF
  SAR
  SBD
  SCR
  SDD
  SDG
  SDP
  SEK
  SGD
  SHP
  SIT
  SKK
  SLL
  SOS
  SRD
  SRG
  SSP
  STD
  SUR
  SVC
  SYP
  SZL
  THB
  TJR
  TJS
  TMM
  TMT
  TND
  TOP
  TPE
  TRL
  TRY
  TTD
  TWD
  TZS
  UAH
  UAK
  UGS
  UGX
  USD
  USN
  USS
  UYI
  UYP
  UYU
  UZS
  VEB
  VEF
  VND
  VNN
  VUV
  WST
  XAF
  XCD
  XEU
  XFO
  XFU
  XOF
  XPF
  XRE
  YDD
  YER
  YUD
  YUM
  YUN
  YUR
  ZAL
  ZAR
  ZMK
  ZMW
  ZRN
  ZRZ
  ZWD
  ZWL
  ZWR
}

"""
The \`BigDecimal\` scalar type represents signed fractional values with arbitrary precision.
"""
scalar BigDecimal
`;
