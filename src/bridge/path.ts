/** Where the CLI installs the storefront bridge page unless told otherwise (BC_BRIDGE_PATH). */
export const DEFAULT_BRIDGE_PATH = '/bc-bridge/';
