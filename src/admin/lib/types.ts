/**
 * The dashboard's view of the API. Types only: the schemas in src/shared/admin import
 * 'typebox' at run time, which must never reach the browser bundle.
 */
import type { Static } from 'typebox';
import type { Me } from '../../shared/admin/session.ts';
import type { LoveMap, Overview } from '../../shared/admin/insight.ts';
import type { BulkIdeaChange, IdeaCard, IdeaChange, IdeaPage as IdeaPageSchema } from '../../shared/admin/ideas.ts';
import type { PairingCodeView, ShowroomInput, ShowroomPatch, ShowroomView } from '../../shared/admin/showrooms.ts';
import type { PartInput, PartPatch, PairInput, PairPatch, PictureUpload, ProductInput, ProductPatch } from '../../shared/admin/catalog.ts';
import type { InviteInput, RetentionInput, UserPatch } from '../../shared/admin/data.ts';

export type IdeaPage = Static<typeof IdeaPageSchema>;
export type { ClusterCard } from '../../shared/admin/ideas.ts';
export type ClusterPage = Static<typeof import('../../shared/admin/ideas.ts').ClusterPage>;
export type { Me, LoveMap, Overview, BulkIdeaChange, IdeaCard, IdeaChange, ShowroomInput, ShowroomPatch, ShowroomView };
export type { PartInput, PartPatch, PairInput, PairPatch, PictureUpload, ProductInput, ProductPatch, InviteInput, RetentionInput, UserPatch };
export type PairingCode = Static<typeof PairingCodeView>;
export type Device = ShowroomView['devices'][number];
export type Role = Me['role'];
export type AgeBand = '4-6' | '7-9' | '10-12';
export const AGE_BANDS: readonly AgeBand[] = ['4-6', '7-9', '10-12'];
export const ROLES: readonly Role[] = ['admin', 'analyst', 'moderator', 'showroom_manager'];
export type Moderation = 'pending' | 'approved' | 'rejected';
export type ProductStatus = 'new' | 'heard' | 'planned' | 'shipped' | 'not_now';
export const STATUSES: readonly ProductStatus[] = ['new', 'heard', 'planned', 'shipped', 'not_now'];
export type IdeaKind = 'drawing' | 'voice' | 'text';

export type Permission =
  | 'insight.read' | 'export.read' | 'ideas.read' | 'ideas.moderate' | 'showrooms.read' | 'showrooms.write' | 'devices.manage'
  | 'catalog.read' | 'catalog.write' | 'users.manage' | 'audit.read' | 'settings.manage';

/** GET /catalog (no response schema on the server: this mirrors catalog.routes.ts). */
export interface CatalogPart {
  id: string; key: string; nameZh: string; nameEn: string; promptZh: string; promptEn: string;
  x: number; y: number; icon: string | null; iconId: string | null; position: number; published: boolean;
}
export interface CatalogPairSide { labelZh: string; labelEn: string; picture: string; pictureId: string }
export interface CatalogPair { id: string; key: string; promptZh: string; promptEn: string; position: number; published: boolean; a: CatalogPairSide; b: CatalogPairSide }
export interface CatalogProduct { id: string; key: string; nameZh: string; nameEn: string; picture: string; retired: boolean; parts: CatalogPart[]; pairs: CatalogPair[] }
export interface Activity { version: number; publishedAt: string; consent_version: string; products: number; parts: number; pairs: number }
export interface Catalog { products: CatalogProduct[]; activities: Activity[] }

/** GET /users */
export interface StaffRow { id: string; email: string; role: Role; showroomId: string | null; createdAt: string; disabled: boolean }
/** GET /audit */
export interface AuditRow { id: number; at: string; actor: string; action: string; target: string | null; details: unknown }
/** GET /deletions */
export interface Deletions { families: Array<{ deletedAt: string }>; retention: Array<{ at: string; kind: string; items: number }> }
