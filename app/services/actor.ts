import type { Role } from "../../db/schema";

/** Who is acting: the signed-in user as the services need them. */
export interface Actor {
  id: number;
  role: Role;
  orgId: number;
  orgVerified: boolean;
}
