/** A request to prove that a recipient wants a repository's notifications: the host mails `link`, the recipient opens it. */
export interface AddressConfirmation {
  /** The address to confirm, as the admin typed it. */
  address: string;
  /** "namespace/name" */
  repository: string;
  /** The host's confirmation page with its single-use code; whoever holds it confirms the address. */
  link: string;
  /** When the code stops working. */
  expiresAt: Date;
}
