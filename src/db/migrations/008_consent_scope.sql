-- Consent says what it covers (finding 6): each consent text version lists the uses its words
-- named, as `<what>:<surface>` tokens, and the public surfaces check the list. An older
-- version is never stretched to a surface its words did not name.
alter table consent_texts add column covers text[] not null default '{}';
alter table consent_texts add constraint consent_texts_covers_known check (covers <@ array[
  'drawing:gallery', 'drawing:wall', 'drawing:board', 'text:gallery', 'text:wall', 'text:board',
  'nickname:certificate', 'nickname:wall', 'nickname:board']::text[]);
-- The words of the three toggles as the kiosk showed them with this version:
-- {"gallery": {"zh", "en"}, "voice": {...}, "nickname": {...}}. Null = the kiosk's own words.
alter table consent_texts add column toggles jsonb;

-- Every version written before this migration was shown with the first toggle words:
-- drawings in the gallery and on the wall, the nickname on the certificate and the wall.
update consent_texts set covers = array['drawing:gallery', 'drawing:wall', 'nickname:certificate', 'nickname:wall'],
  toggles = '{"gallery": {"zh": "允许在展厅画廊和大屏上展示画作", "en": "Show the drawing in the showroom gallery and on the wall"},
              "voice": {"zh": "允许为产品团队保留录音（90 天）", "en": "Keep the voice recording for the product team (90 days)"},
              "nickname": {"zh": "允许在证书和大屏上显示昵称", "en": "Show the nickname on the certificate and on the wall"}}'::jsonb;

-- The current version (src/core/consent.ts CURRENT_CONSENT; a test compares the two).
insert into consent_texts (version, text_zh, text_en, covers, toggles) values (
  '2026-12-consent-2',
  '致家长或监护人（隐私说明 2026-12-consent-2 简版）：本展厅的运营方使用“小小产品顾问”，让孩子告诉产品团队对汽车的看法，并让您看到创意的后续。我们按儿童个人信息的专门规则处理这些信息，只在您同意后开始。我们保存：年龄段、所选的动物头像、可选的昵称、孩子的回答，以及可选的画作、录音或文字创意。我们从不收集姓名、联系方式、照片、出生日期或位置。以下三项默认关闭，只有您逐项打开才生效；不打开也能完整参与。每条创意都先经审核员查看，才可能公开。录音 90 天后删除，画作、文字创意和昵称 365 天后删除；回答不含可识别孩子的信息，用于统计。扫描证书上的二维码，您可以随时查看、下载或一次删除全部内容；如需更正或有疑问，请联系下方负责人。',
  'For a parent or guardian (privacy notice 2026-12-consent-2, short form): the showroom’s operator runs Little Advisors so that children can tell the product team what they think of a car, and you can see what became of their idea. Children’s information is handled under rules made for it, and only after you agree. We keep: an age band, the chosen animal, an optional nickname, the answers, and an optional drawing, voice recording or typed idea. We never collect a name, contact details, a photo, a birth date or a location. The three choices below are off unless you turn each one on; your child can take part fully without them. A moderator checks every idea before it can be shown anywhere. Voice recordings are deleted after 90 days; drawings, typed ideas and nicknames after 365 days; the answers say nothing about who your child is and are kept for statistics. With the QR code on the certificate you can see, download or delete everything at any time; to correct something or ask a question, contact the person named below.',
  array['drawing:gallery', 'drawing:wall', 'drawing:board', 'text:gallery', 'text:wall', 'text:board',
        'nickname:certificate', 'nickname:wall', 'nickname:board'],
  '{"gallery": {"zh": "允许公开展示画作或文字创意：展厅画廊、展示大屏和“你说，我们做”展示板", "en": "Show the drawing or typed idea publicly: the showroom gallery, the wall and the “You said, we did” board"},
    "voice": {"zh": "允许为产品团队保留录音（90 天，不公开）", "en": "Keep the voice recording for the product team only (90 days)"},
    "nickname": {"zh": "允许在证书、展示大屏和展示板上显示昵称", "en": "Show the nickname on the certificate, the wall and the board"}}'::jsonb
) on conflict (version) do nothing;
