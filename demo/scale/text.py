"""Spanish word lists and sentence templates for the synthetic content (no network)."""

from __future__ import annotations

import random
from collections.abc import Sequence

from planes.choices import EvidenceKind, InstitutionSector, OrganizationKind


def lines(text: str) -> tuple[str, ...]:
    """The non-empty lines of ``text``: word lists written one item per line."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


# Spanish text ---------------------------------------------------------------------

VERBS = lines(
    """
Fortalecer
Impulsar
Diseñar e implementar
Consolidar
Promover
Desarrollar
Establecer
Ampliar
Garantizar
Institucionalizar
Mejorar
Transparentar
Articular
Abrir
"""
)
TOPICS = lines(
    """
la transparencia del gasto público
el acceso a la información sobre obra pública
la participación ciudadana en la vigilancia de programas sociales
la publicación de datos abiertos sobre contrataciones
la rendición de cuentas de los fideicomisos públicos
el monitoreo ciudadano del presupuesto en salud
la prevención de la corrupción en compras gubernamentales
el registro público de beneficiarios finales
la trazabilidad de los recursos destinados a educación
la gestión abierta y sustentable del agua
la protección de personas defensoras del medio ambiente
la información pública sobre la calidad del aire
el seguimiento de recomendaciones en materia de derechos humanos
la búsqueda de personas desaparecidas
la transparencia en las industrias extractivas
la igualdad de género en el servicio público
la atención ciudadana en trámites digitales
la gestión documental y los archivos públicos
la fiscalización de los recursos federales transferidos
la justicia abierta en los tribunales locales
los servicios públicos de cuidado infantil
la información sobre pensiones y programas de bienestar
la consulta a pueblos y comunidades indígenas
la adaptación al cambio climático
el control interno de las dependencias
los datos de incidencia delictiva
la política de vivienda social
la planeación del transporte público
la inclusión financiera de las mujeres
las compras consolidadas de medicamentos
"""
)
SCOPES = lines(
    """
en las dependencias de la Administración Pública Federal
en los gobiernos estatales y municipales
en los programas sociales prioritarios
en las zonas rurales del país
en las entidades federativas con mayor rezago
en el sector salud
en el sistema educativo nacional
a nivel nacional
en los municipios de la frontera norte
en las cuencas hidrológicas prioritarias
"""
)
MEANS = lines(
    """
mediante datos abiertos
con participación de la sociedad civil
a través de una plataforma digital pública
mediante mecanismos de contraloría social
con indicadores verificables
conforme a estándares internacionales de apertura
con enfoque de género e interseccionalidad
a través de mesas de cocreación
en lenguaje ciudadano
mediante auditorías sociales
"""
)
MILESTONE_ACTIONS = lines(
    """
Elaboración de un diagnóstico sobre
Publicación de datos abiertos sobre
Diseño participativo de un modelo para
Implementación de un piloto sobre
Capacitación de personas servidoras públicas en
Integración de un grupo de trabajo sobre
Desarrollo de una plataforma de seguimiento de
Evaluación de los resultados en
Definición de una hoja de ruta para
Presentación pública de los avances en
Elaboración de lineamientos para
Sistematización de buenas prácticas en
"""
)
ACTIVITY_TITLES = lines(
    """
Definir el alcance y la metodología del trabajo
Realizar mesas de trabajo con organizaciones de la sociedad civil
Sistematizar las aportaciones recibidas en las mesas
Elaborar la versión preliminar del documento
Someter la propuesta a consulta pública
Integrar los comentarios de la consulta pública
Publicar el documento final en el micrositio del compromiso
Capacitar a las personas enlace de las dependencias
Levantar la información en las instituciones participantes
Validar los resultados con el grupo de trabajo
Publicar la base de datos en formato abierto
Presentar los resultados ante el Comité Coordinador
Diseñar los indicadores de seguimiento
Firmar el convenio de colaboración entre las partes
Realizar un taller de retroalimentación con la ciudadanía
"""
)
PROBLEM_SENTENCES = (
    "La información sobre {topic} se encuentra dispersa, incompleta o en formatos que no "
    "permiten su reutilización.",
    "Según diagnósticos recientes, sólo {pct} % de las instituciones publica información "
    "suficiente sobre {topic} {scope}.",
    "La falta de mecanismos de participación impide que la ciudadanía incida en las "
    "decisiones sobre {topic}.",
    "Esta situación genera opacidad, reduce la confianza en las instituciones y abre "
    "espacios a la discrecionalidad en el uso de los recursos públicos.",
    "Las organizaciones de la sociedad civil han documentado retrasos, duplicidades y falta "
    "de coordinación entre las dependencias responsables.",
    "No existen indicadores públicos que permitan dar seguimiento a los resultados ni "
    "evaluar su efecto en la vida de las personas.",
    "En {year}, las solicitudes de acceso a la información sobre {topic} crecieron {pct} %, "
    "sin que las respuestas mejoraran en oportunidad ni en calidad.",
    "Las personas en situación de vulnerabilidad son quienes enfrentan mayores barreras "
    "para conocer y exigir sus derechos.",
)
OBJECTIVE_SENTENCES = (
    "El compromiso busca {verb} {topic} {scope}, {means}.",
    "Se espera que, al término del plan, la ciudadanía cuente con información oportuna, "
    "completa y verificable sobre {topic}.",
    "Para ello se conformará un grupo de trabajo entre la institución responsable "
    "({institution}) y organizaciones de la sociedad civil.",
    "Las acciones se acompañarán de un tablero público de seguimiento con las evidencias de "
    "cada avance.",
    "La meta es que al menos {pct} % de las instituciones participantes adopte el nuevo "
    "estándar de publicación.",
    "Los resultados se presentarán en sesiones abiertas y se documentarán en minutas públicas.",
    "El modelo podrá replicarse en otras entidades federativas una vez evaluado el piloto.",
)
DESCRIPTION_SENTENCES = (
    "Esta acción clave forma parte de la hoja de ruta acordada por el grupo de trabajo del "
    "compromiso.",
    "Su entregable principal es {deliverable}, que se publicará en formato abierto.",
    "Su ejecución corresponde a la institución responsable ({institution}), con el "
    "acompañamiento de {organization}.",
    "Las fechas se ajustaron a la disponibilidad presupuestal y al calendario de las "
    "instituciones participantes.",
    "Se dará seguimiento a su avance en las sesiones mensuales del grupo de trabajo.",
)
ACTIVITY_SENTENCES = (
    "La actividad se realiza en coordinación con {organization}.",
    "Se documentará con minutas, listas de asistencia y el entregable correspondiente.",
    "Participan las áreas de planeación y de transparencia de la institución responsable "
    "({institution}).",
    "Su resultado alimenta el entregable de la acción clave.",
    "Incluye al menos una sesión abierta para recibir comentarios de la ciudadanía.",
)
UPDATE_SENTENCES = (
    "Durante {period} se llevaron a cabo {count} sesiones de trabajo con {organization} para "
    "revisar los avances sobre {topic}.",
    "Se publicó en el micrositio la versión preliminar del entregable, que recibió {count} "
    "comentarios de la ciudadanía.",
    "El grupo de trabajo acordó ajustar el calendario de la actividad debido a cambios en la "
    "disponibilidad presupuestal.",
    "La institución responsable ({institution}) entregó la información solicitada y se "
    "integró al expediente de evidencias.",
    "Quedan pendientes la validación final del entregable y su presentación ante el Comité "
    "Coordinador.",
    "Las organizaciones participantes señalaron la necesidad de ampliar la muestra de "
    "instituciones consultadas.",
    "Se capacitó a {count} personas servidoras públicas en el uso de la nueva herramienta.",
    "La minuta de la sesión y la lista de asistencia se cargaron como evidencias de gestión.",
)
EVIDENCE_TITLES = {
    EvidenceKind.DELIVERABLE: (
        "Informe final de resultados",
        "Base de datos en formato abierto",
        "Documento metodológico aprobado",
        "Versión pública del diagnóstico",
        "Lineamientos publicados en el micrositio",
        "Reporte de resultados del piloto",
        "Hoja de ruta validada por el grupo de trabajo",
    ),
    EvidenceKind.MANAGEMENT: (
        "Minuta de la sesión de trabajo",
        "Lista de asistencia de la mesa de cocreación",
        "Informe trimestral de avance",
        "Oficio de entrega de información",
        "Relatoría del taller con organizaciones",
        "Presentación de avances ante el Comité Coordinador",
        "Reporte fotográfico de la sesión",
    ),
}
EVIDENCE_SITES = lines(
    """
https://www.gob.mx/sfp/documentos
https://datos.gob.mx/busca/dataset
https://gobiernoabierto.example.org/evidencias
https://www.transparencia.example.org/publicaciones
"""
)
DELIVERABLES = lines(
    """
un informe de diagnóstico
una base de datos en formato abierto
un modelo de seguimiento ciudadano
una guía metodológica
un micrositio de consulta pública
un protocolo de actuación
"""
)
TAGS = lines(
    """
transparencia
datos abiertos
contrataciones públicas
anticorrupción
participación ciudadana
rendición de cuentas
presupuesto
salud
educación
medio ambiente
agua
género
derechos humanos
justicia
seguridad
industrias extractivas
programas sociales
gobierno digital
archivos
fiscalización
pueblos indígenas
cambio climático
beneficiarios finales
gobierno local
"""
)
FIRST_NAMES = lines(
    """
María
José
Guadalupe
Juan
Fernanda
Luis
Alejandra
Carlos
Patricia
Jorge
Verónica
Ricardo
Daniela
Miguel
Gabriela
"""
)
LAST_NAMES = lines(
    """
Hernández
García
Martínez
López
González
Pérez
Rodríguez
Sánchez
Ramírez
Cruz
Flores
Gómez
Morales
Vázquez
Reyes
"""
)
INSTITUTION_NAMES = (
    ("Secretaría de {field}", InstitutionSector.FEDERAL),
    ("Instituto Nacional de {field}", InstitutionSector.FEDERAL),
    ("Comisión Estatal de {field} de {state}", InstitutionSector.STATE),
    ("Secretaría de {field} del Gobierno de {state}", InstitutionSector.STATE),
    ("Dirección Municipal de {field} de {city}", InstitutionSector.MUNICIPAL),
)
INSTITUTION_FIELDS = lines(
    """
Transparencia
Desarrollo Social
Salud
Educación Pública
Medio Ambiente
Movilidad
Finanzas
Protección Civil
Vivienda
Agua Potable
"""
)
ORGANIZATION_NAMES = (
    ("Observatorio Ciudadano de {field}", OrganizationKind.CSO),
    ("Colectivo por {field} en {state}", OrganizationKind.CSO),
    ("Red de Organizaciones por {field}", OrganizationKind.CSO),
    ("Centro de Estudios sobre {field}", OrganizationKind.ACADEMIA),
    ("Laboratorio Universitario de {field}", OrganizationKind.ACADEMIA),
)
ORGANIZATION_FIELDS = lines(
    """
la Transparencia
la Rendición de Cuentas
los Datos Abiertos
la Justicia
el Derecho a la Salud
la Educación
el Medio Ambiente
la Igualdad de Género
la Participación Ciudadana
el Presupuesto Público
"""
)
STATES = lines(
    """
Oaxaca
Jalisco
Nuevo León
Chiapas
Yucatán
Sonora
Puebla
Veracruz
Guerrero
Zacatecas
"""
)
CITIES = lines(
    """
Mérida
León
Hermosillo
Tlaxcala
Morelia
Toluca
Xalapa
Tijuana
"""
)
DOCUMENT_TITLES = (
    ("Informe de avance trimestral", "pdf"),
    ("Minuta de la sesión del grupo de trabajo", "pdf"),
    ("Lista de asistencia de la mesa de cocreación", "pdf"),
    ("Base de datos de seguimiento", "xlsx"),
    ("Diagnóstico institucional", "pdf"),
)
MONTHS = lines(
    """
enero
febrero
marzo
abril
mayo
junio
julio
agosto
septiembre
octubre
noviembre
diciembre
"""
)
STOP_WORDS = {"de", "del", "la", "las", "los", "el", "y", "en", "por", "sobre", "para", "a"}


class SpanishText:
    """Plausible Spanish titles and paragraphs from the word lists above."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def pick(self, options: Sequence):
        return self.rng.choice(options)

    def fill(self, template: str, **context) -> str:
        values = {
            "topic": self.pick(TOPICS),
            "scope": self.pick(SCOPES),
            "means": self.pick(MEANS),
            "verb": self.pick(VERBS).lower(),
            "pct": self.rng.randint(12, 68),
            "count": self.rng.randint(2, 40),
            "year": self.rng.randint(2012, 2022),
            "deliverable": self.pick(DELIVERABLES),
            "institution": "la dependencia responsable",
            "organization": "las organizaciones corresponsables",
            "period": "el periodo",
        }
        values.update(context)
        text = template.format(**values)
        return text[0].upper() + text[1:]

    def title(self, head: str, topic: str, low: int = 60, high: int = 120) -> str:
        """``head topic``, then a scope and a means while it is short (``low``-``high`` chars)."""
        text = f"{head} {topic}"
        for extra in (self.pick(SCOPES), self.pick(MEANS)):
            if len(text) >= low and self.rng.random() < 0.4:
                break
            if len(text) + 1 + len(extra) <= high:
                text = f"{text} {extra}"
        return text

    def paragraph(self, sentences: Sequence[str], low: int, high: int, **context) -> str:
        """Sentences from ``sentences`` (no repeats) until the text is ``low``-``high`` chars."""
        pool = list(sentences)
        self.rng.shuffle(pool)
        parts: list[str] = []
        length = 0
        for template in pool:
            sentence = self.fill(template, **context)
            if parts and length + 1 + len(sentence) > high:
                continue
            parts.append(sentence)
            length += len(sentence) + (1 if len(parts) > 1 else 0)
            if length >= low:
                break
        return " ".join(parts)

    def html(self, *args, **kwargs) -> str:
        return f"<p>{self.paragraph(*args, **kwargs)}</p>"

    def person(self) -> str:
        return f"{self.pick(FIRST_NAMES)} {self.pick(LAST_NAMES)} {self.pick(LAST_NAMES)}"


def strip_article(topic: str) -> str:
    """ "la transparencia del gasto" → "Transparencia del gasto"."""
    words = topic.split(" ", 1)
    rest = words[1] if len(words) > 1 and words[0] in {"el", "la", "los", "las"} else topic
    return rest[0].upper() + rest[1:]
